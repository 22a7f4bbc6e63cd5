package dev.eksidp.job;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One partition per (account, region): each has its own rate limit, so a slow, throttled or busy bucket only
 * ever holds up its own partition. The partitions derive from the staged targets alone, so on restart
 * {@link #partition} gives the same ones again and only the unfinished ones run. (Not a
 * {@code PartitionNameProvider}: on restart that would start never-created partitions with empty contexts.)
 */
public class BucketPartitioner implements Partitioner {

    static final String TARGETS = "targets";
    private static final String PARTITION_STEP_PREFIX = "remediateBucket:";

    private final TargetStore store;
    private final String runId;

    public BucketPartitioner(TargetStore store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (TargetStore.Bucket bucket : store.buckets(runId)) {
            ExecutionContext context = new ExecutionContext();
            context.putLong(TARGETS, bucket.targets());
            partitions.put(name(bucket), context);
        }
        return partitions;
    }

    private static String name(TargetStore.Bucket bucket) {
        return bucket.accountId() + "/" + bucket.region();
    }

    /** The bucket of a partition, from its step name {@code remediateBucket:<account>/<region>}. */
    static Bucket bucketOf(String partitionStepName) {
        if (!partitionStepName.startsWith(PARTITION_STEP_PREFIX) || !partitionStepName.contains("/")) {
            throw new IllegalArgumentException("not a bucket partition: " + partitionStepName);
        }
        String name = partitionStepName.substring(PARTITION_STEP_PREFIX.length());
        return new Bucket(name.substring(0, name.indexOf('/')), name.substring(name.indexOf('/') + 1));
    }

    record Bucket(String accountId, String region) {
    }
}
