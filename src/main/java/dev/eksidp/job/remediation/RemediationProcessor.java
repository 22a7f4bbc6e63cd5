package dev.eksidp.job.remediation;

import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetRemediator;
import dev.eksidp.remediation.TargetResult;
import dev.eksidp.stop.StopRequestedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Plans or applies one target of a partition with its run's remediator; the items of a chunk run concurrently,
 * all in the same bucket. Built for its partition's step execution (see {@link PartitionWorker}), not a
 * step-scoped bean: every call through a step-scoped proxy takes a lock shared by all partitions, which held up
 * hundreds of item threads at a time in the benchmark.
 *
 * @param partition the step execution of the partition it processes
 */
record RemediationProcessor(TargetRemediator remediator, StepExecution partition) implements ItemProcessor<Target, TargetResult> {

    @Override
    public TargetResult process(Target target) {
        try {
            return remediator.remediate(target);
        } catch (StopRequestedException stopped) {
            // Not tried, or its try ended unanswered: no outcome, so resume takes the row up with the same token. The
            // partition must then end STOPPED even if this was its last row: a COMPLETED partition is not run again.
            partition.setTerminateOnly();
            return null;
        }
    }
}
