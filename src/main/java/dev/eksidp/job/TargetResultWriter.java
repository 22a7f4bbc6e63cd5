package dev.eksidp.job;

import dev.eksidp.remediation.TargetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Records a chunk's outcomes in the staging table, in the chunk's transaction: done rows are never redone. When
 * the run goes over its error budget it asks the job to stop at the next chunk boundary, keeping the reason.
 * A singleton (see {@link RemediationProcessor} for why); the chunk's step execution says which run it is.
 */
public class TargetResultWriter implements ItemWriter<TargetResult> {

    /** Key of the stop reason in the job execution's context. */
    public static final String STOP_REASON = "stop.reason";

    private static final Logger log = LoggerFactory.getLogger(TargetResultWriter.class);

    private final TargetStore store;
    private final Progress progress;
    private final RunResourcesRegistry runResources;
    private final ObjectProvider<JobOperator> jobOperator;

    public TargetResultWriter(TargetStore store, Progress progress, RunResourcesRegistry runResources,
                              ObjectProvider<JobOperator> jobOperator) {
        this.store = store;
        this.progress = progress;
        this.runResources = runResources;
        this.jobOperator = jobOperator;
    }

    @Override
    public void write(Chunk<? extends TargetResult> chunk) {
        JobExecution jobExecution = StepSynchronizationManager.getContext().getStepExecution().getJobExecution();
        store.saveResults(jobExecution.getJobParameters().getString("run.id"), chunk.getItems());
        progress.advance(chunk.size());
        ErrorBudget errorBudget = runResources.forExecution(jobExecution).errorBudget();
        if (errorBudget.add(chunk.getItems())) {
            String reason = errorBudget.reason();
            log.warn("Stopping the run: {}", reason);
            jobExecution.getExecutionContext().putString(STOP_REASON, reason);
            try {
                jobOperator.getObject().stop(jobExecution);
            } catch (JobExecutionNotRunningException alreadyStopping) {
                // A signal got there first; the reason is recorded all the same.
            }
        }
    }
}
