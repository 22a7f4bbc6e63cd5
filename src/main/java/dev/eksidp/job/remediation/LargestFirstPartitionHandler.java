package dev.eksidp.job.remediation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Starts the buckets with the most targets first. The run cannot end before its biggest bucket has drained at
 * that bucket's rate, so starting it late would add its whole duration to the run; small buckets fill the gaps.
 */
public class LargestFirstPartitionHandler extends TaskExecutorPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(LargestFirstPartitionHandler.class);

    /** What the partitions do, for the log line that opens the step (also when it is restarted). */
    private final String work;

    public LargestFirstPartitionHandler(String work) {
        this.work = work;
    }

    /** Most targets first; a tie, and a partition whose count was never saved (0), by step name. */
    static Set<StepExecution> largestFirst(Collection<StepExecution> partitions) {
        Set<StepExecution> ordered = new LinkedHashSet<>();
        partitions.stream()
                .sorted(Comparator.comparingLong((StepExecution s) -> s.getExecutionContext().getLong(BucketPartitioner.TARGETS, 0L))
                        .reversed().thenComparing(StepExecution::getStepName))
                .forEachOrdered(ordered::add);
        return ordered;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
            throws Exception {
        if (!partitions.isEmpty()) {
            log.info("{}: {} partitions", work, partitions.size());
        }
        Set<StepExecution> done = super.doHandle(managerStepExecution, largestFirst(partitions));
        // A partition stopped on request stops its manager step (and so the job) as STOPPED, not FAILED.
        if (done.stream().anyMatch(s -> s.getStatus() == BatchStatus.STOPPED)) {
            throw new JobInterruptedException("a partition was stopped on request", BatchStatus.STOPPED);
        }
        return done;
    }
}
