package dev.eksidp.job;

import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetResult;
import dev.eksidp.stop.StopRequestedException;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Plans or applies one target with its run's remediator; the items of a chunk run concurrently, all in the same
 * bucket. A singleton rather than a step-scoped bean: every call through a step-scoped proxy takes a lock shared by
 * all partitions, which held up hundreds of item threads at a time in the benchmark.
 */
public class RemediationProcessor implements ItemProcessor<Target, TargetResult> {

    private final RunResourcesRegistry runResources;
    private final boolean busyRetry;

    /** @param busyRetry true for the pass over rows deferred because their cluster was busy */
    public RemediationProcessor(RunResourcesRegistry runResources, boolean busyRetry) {
        this.runResources = runResources;
        this.busyRetry = busyRetry;
    }

    @Override
    public TargetResult process(Target target) {
        // Spring Batch registers the step execution on each item-processing thread of a concurrent chunk.
        var jobExecution = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
        RunResources resources = runResources.forExecution(jobExecution);
        try {
            return (busyRetry ? resources.busyRetrier() : resources.remediator()).remediate(target);
        } catch (StopRequestedException stopped) {
            // Not tried, or its try ended unanswered: no outcome, so resume takes the row up with the same token. The
            // partition must then end STOPPED even if this was its last row: a COMPLETED partition is not run again.
            StepSynchronizationManager.getContext().getStepExecution().setTerminateOnly();
            return null;
        }
    }
}
