package dev.eksidp.job.remediation;

import dev.eksidp.stop.StopSignal;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A tasklet step that ends STOPPED when its run's stop was requested: before it starts, or between two calls of a
 * tasklet that returns CONTINUABLE (a --wait poll round). A call that finished its step is left to complete, so a
 * stop never makes finished work run again.
 */
record StoppableTasklet(Tasklet delegate, StopSignal stop) implements Tasklet {

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var stepExecution = contribution.getStepExecution();
        if (stop.requested()) {
            stepExecution.setTerminateOnly();
            return RepeatStatus.CONTINUABLE;
        }
        RepeatStatus status = delegate.execute(contribution, chunkContext);
        if (status == RepeatStatus.CONTINUABLE && stop.requested()) {
            stepExecution.setTerminateOnly();
        }
        return status;
    }
}
