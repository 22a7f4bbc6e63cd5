package dev.eksidp.job;

import dev.eksidp.remediation.TargetResult;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Records a chunk's outcomes in the staging table, in the chunk's transaction: done rows are never redone. */
public class TargetResultWriter implements ItemWriter<TargetResult> {

    private final TargetStore store;
    private final String runId;
    private final Progress progress;

    public TargetResultWriter(TargetStore store, String runId, Progress progress) {
        this.store = store;
        this.runId = runId;
        this.progress = progress;
    }

    @Override
    public void write(Chunk<? extends TargetResult> chunk) {
        store.saveResults(runId, chunk.getItems());
        progress.advance(chunk.size());
    }
}
