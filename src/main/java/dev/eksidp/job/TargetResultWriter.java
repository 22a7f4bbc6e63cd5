package dev.eksidp.job;

import dev.eksidp.remediation.TargetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a chunk's outcomes in the staging table, in the chunk's transaction: done rows are never redone. When
 * the run goes over its error budget it raises the run's stop: no new change is sent from then on, and every
 * partition ends at its next chunk boundary. A singleton (see {@link RemediationProcessor} for why); the chunk's
 * step execution says which run it is.
 */
public class TargetResultWriter implements ItemWriter<TargetResult> {

    private static final Logger log = LoggerFactory.getLogger(TargetResultWriter.class);

    private final TargetStore store;
    private final Progress progress;
    private final RunResourcesRegistry runResources;

    public TargetResultWriter(TargetStore store, Progress progress, RunResourcesRegistry runResources) {
        this.store = store;
        this.progress = progress;
        this.runResources = runResources;
    }

    @Override
    public void write(Chunk<? extends TargetResult> chunk) {
        JobExecution jobExecution = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
        store.saveResults(jobExecution.getJobParameters().getString("run.id"), jobExecution.getId(), chunk.getItems());
        progress.advance(chunk.size());
        ErrorBudget errorBudget = runResources.forExecution(jobExecution).errorBudget();
        if (errorBudget.add(chunk.getItems())) {
            String reason = errorBudget.reason();
            log.warn("Stopping the run: {}", reason);
            runResources.stopSignal(jobExecution).request(reason);
        }
    }
}
