package dev.eksidp.job;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;

/**
 * Ends a chunk step at its next chunk boundary once its run's stop was requested, as STOPPED (not COMPLETED: the
 * step must run again on resume). Spring Batch's own way, {@code JobOperator#stop}, marks step executions STOPPED
 * in the repository while they still run and so raced our partitions into a state restart refused.
 */
final class StopSignalInterruptionPolicy implements StepInterruptionPolicy {

    private final RunResourcesRegistry runs;

    StopSignalInterruptionPolicy(RunResourcesRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
        var reason = runs.stopSignal(stepExecution.getJobExecution()).reason();
        if (reason.isPresent() || stepExecution.isTerminateOnly()) {
            stepExecution.setTerminateOnly();
            throw new JobInterruptedException("stop requested: " + reason.orElse("by the job repository"));
        }
    }
}
