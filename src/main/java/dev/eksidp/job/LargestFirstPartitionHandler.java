package dev.eksidp.job;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Starts the buckets with the most targets first. The run cannot end before its biggest bucket has drained at
 * that bucket's rate, so starting it late would add its whole duration to the run; small buckets fill the gaps.
 */
public class LargestFirstPartitionHandler extends TaskExecutorPartitionHandler {

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
            throws Exception {
        Set<StepExecution> ordered = new LinkedHashSet<>();
        partitions.stream()
                .sorted(Comparator.comparingLong((StepExecution s) -> s.getExecutionContext().getLong(BucketPartitioner.TARGETS, 0L))
                        .reversed().thenComparing(StepExecution::getStepName))
                .forEachOrdered(ordered::add);
        return super.doHandle(managerStepExecution, ordered);
    }
}
