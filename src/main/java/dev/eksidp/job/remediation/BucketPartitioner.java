package dev.eksidp.job.remediation;

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
 *
 * @param deferredOnly only the partitions holding rows deferred because their cluster was busy
 */
public record BucketPartitioner(TargetStore store, String runId, boolean deferredOnly) implements Partitioner {

    static final String TARGETS = "targets";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (TargetStore.Partition partition : deferredOnly ? store.partitionsWithDeferredRows(runId) : store.partitions(runId)) {
            ExecutionContext context = new ExecutionContext();
            context.putLong(TARGETS, partition.targets());
            partitions.put(partition.key(), context);
        }
        return partitions;
    }

    /**
     * The partition key of a partition step, from its name {@code <worker step>:<key>}: the name is saved with the
     * step execution itself, so even a partition whose context was never saved (a kill during the split) knows
     * its rows.
     */
    static String partitionKeyOf(String partitionStepName) {
        int colon = partitionStepName.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a partition step: " + partitionStepName);
        }
        return partitionStepName.substring(colon + 1);
    }
}
