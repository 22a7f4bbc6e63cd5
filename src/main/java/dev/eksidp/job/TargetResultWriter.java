package dev.eksidp.job;

import dev.eksidp.remediation.TargetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a chunk's outcomes in the staging table, in the chunk's transaction: done rows are never redone. When
 * the run goes over its error budget it asks the job to stop at the next chunk boundary, keeping the reason.
 */
public class TargetResultWriter implements ItemWriter<TargetResult> {

    /** Key of the stop reason in the job execution's context. */
    public static final String STOP_REASON = "stop.reason";

    private static final Logger log = LoggerFactory.getLogger(TargetResultWriter.class);

    private final TargetStore store;
    private final Progress progress;
    private final ErrorBudget errorBudget;
    private final JobExecution jobExecution;
    private final JobOperator jobOperator;
    private final String runId;

    public TargetResultWriter(TargetStore store, Progress progress, RunResources resources, JobExecution jobExecution,
                              JobOperator jobOperator) {
        this.store = store;
        this.progress = progress;
        this.errorBudget = resources.errorBudget();
        this.jobExecution = jobExecution;
        this.jobOperator = jobOperator;
        this.runId = RunSettings.from(jobExecution.getJobParameters()).runId();
    }

    @Override
    public void write(Chunk<? extends TargetResult> chunk) {
        store.saveResults(runId, chunk.getItems());
        progress.advance(chunk.size());
        if (errorBudget.add(chunk.getItems())) {
            String reason = errorBudget.reason();
            log.warn("Stopping the run: {}", reason);
            jobExecution.getExecutionContext().putString(STOP_REASON, reason);
            try {
                jobOperator.stop(jobExecution);
            } catch (JobExecutionNotRunningException alreadyStopping) {
                // A signal got there first; the reason is recorded all the same.
            }
        }
    }
}
