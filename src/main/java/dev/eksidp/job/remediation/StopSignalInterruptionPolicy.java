package dev.eksidp.job.remediation;

import dev.eksidp.stop.StopSignal;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;

/**
 * Ends a chunk step at its next chunk boundary once its run's stop was requested, as STOPPED (not COMPLETED: the
 * step must run again on resume). Spring Batch's own way, {@code JobOperator#stop}, marks step executions STOPPED
 * in the repository while they still run and so raced our partitions into a state restart refused.
 */
final class StopSignalInterruptionPolicy implements StepInterruptionPolicy {

    private final StopSignal stop;

    StopSignalInterruptionPolicy(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
        var reason = stop.reason();
        if (reason.isPresent() || stepExecution.isTerminateOnly()) {
            stepExecution.setTerminateOnly();
            throw new JobInterruptedException("stop requested: " + reason.orElse("by the job repository"));
        }
    }
}
