package dev.eksidp.job;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The remediate step's partitions, as the load step assigned them: one per (account, region) bucket with enough
 * targets, and packs of small buckets. Each bucket keeps its own rate limiter whatever partition works on it,
 * and a slow, throttled or busy bucket holds up at most its own partition. The partitions derive from the staged
 * rows alone, so on restart {@link #partition} gives the same ones again and only the unfinished ones run. (Not a
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
        for (TargetStore.Partition partition : store.partitions(runId)) {
            ExecutionContext context = new ExecutionContext();
            context.putLong(TARGETS, partition.targets());
            partitions.put(partition.key(), context);
        }
        return partitions;
    }

    /**
     * The partition key of a partition step, from its name {@code remediateBucket:<key>}: the name is saved with
     * the step execution itself, so even a partition whose context was never saved (a kill during the split)
     * knows its rows.
     */
    static String partitionKeyOf(String partitionStepName) {
        if (!partitionStepName.startsWith(PARTITION_STEP_PREFIX)) {
            throw new IllegalArgumentException("not a remediate partition: " + partitionStepName);
        }
        return partitionStepName.substring(PARTITION_STEP_PREFIX.length());
    }
}
