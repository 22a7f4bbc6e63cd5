package dev.eksidp.job;

import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One partition per (account, region): each has its own rate limit, so a slow, throttled or busy bucket only
 * ever holds up its own partition. Names derive from the staged targets alone, so a restart finds the same
 * partitions and re-runs only the unfinished ones.
 */
public class BucketPartitioner implements Partitioner, PartitionNameProvider {

    static final String ACCOUNT = "account";
    static final String REGION = "region";
    static final String TARGETS = "targets";

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
            context.putString(ACCOUNT, bucket.accountId());
            context.putString(REGION, bucket.region());
            context.putLong(TARGETS, bucket.targets());
            partitions.put(name(bucket), context);
        }
        return partitions;
    }

    @Override
    public Collection<String> getPartitionNames(int gridSize) {
        return store.buckets(runId).stream().map(BucketPartitioner::name).toList();
    }

    private static String name(TargetStore.Bucket bucket) {
        return bucket.accountId() + "/" + bucket.region();
    }
}
