package dev.eksidp.job;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A tasklet step that ends STOPPED when its run's stop was requested: before it starts, or between two calls of a
 * tasklet that returns CONTINUABLE (a --wait poll round). A call that finished its step is left to complete, so a
 * stop never makes finished work run again.
 */
final class StoppableTasklet implements Tasklet {

    private final Tasklet delegate;
    private final RunResourcesRegistry runs;

    StoppableTasklet(Tasklet delegate, RunResourcesRegistry runs) {
        this.delegate = delegate;
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var stepExecution = contribution.getStepExecution();
        var stop = runs.stopSignal(stepExecution.getJobExecution());
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
