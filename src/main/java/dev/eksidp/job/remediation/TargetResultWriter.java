package dev.eksidp.job.remediation;

import dev.eksidp.remediation.TargetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a chunk's outcomes in the staging table, in the chunk's transaction: done rows are never redone. When
 * the run goes over its error budget it raises the run's stop: no new change is sent from then on, and every
 * partition ends at its next chunk boundary.
 */
record TargetResultWriter(TargetStore store, Progress progress, RunContext run) implements ItemWriter<TargetResult> {

    private static final Logger log = LoggerFactory.getLogger(TargetResultWriter.class);

    @Override
    public void write(Chunk<? extends TargetResult> chunk) {
        // Before the save: the budget is made on first use from the outcomes already stored, and a chunk saved
        // first would be counted there and again by add (one ACCESS_DENIED row stopped a run at --max-failures 1).
        ErrorBudget errorBudget = run.errorBudget();
        store.saveResults(run.runId(), run.executionId(), chunk.getItems());
        progress.advance(chunk.size());
        if (errorBudget.add(chunk.getItems())) {
            String reason = errorBudget.reason();
            log.warn("Stopping the run: {}", reason);
            run.stop().request(reason);
        }
    }
}
