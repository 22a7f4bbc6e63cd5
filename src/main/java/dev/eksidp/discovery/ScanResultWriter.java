package dev.eksidp.discovery;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Stores a chunk's findings (statuses and matches) in the chunk's transaction. */
public class ScanResultWriter implements ItemWriter<ScanResult> {

    private final DiscoveryStore store;
    private final String runId;

    public ScanResultWriter(DiscoveryStore store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends ScanResult> chunk) {
        store.saveResults(runId, chunk.getItems());
    }
}
