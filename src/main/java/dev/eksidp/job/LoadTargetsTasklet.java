package dev.eksidp.job;

import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the targets file into the staging table in batches, then marks duplicates. It starts by clearing the
 * run's rows, so a load killed half-way simply loads again on restart.
 */
public class LoadTargetsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(LoadTargetsTasklet.class);
    private static final int BATCH = 1000;

    private final TargetStore store;
    private final String runId;
    private final Path targetsFile;
    private final Shard shard;

    public LoadTargetsTasklet(TargetStore store, String runId, Path targetsFile) {
        this(store, runId, targetsFile, Shard.ALL);
    }

    /** Loads only the rows of {@code shard}: the other shards' rows are not part of this run at all. */
    public LoadTargetsTasklet(TargetStore store, String runId, Path targetsFile, Shard shard) {
        this.store = store;
        this.runId = runId;
        this.targetsFile = targetsFile;
        this.shard = shard;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        store.deleteRun(runId);
        long rows = 0;
        long invalid = 0;
        try (TargetFileReader reader = TargetFileReader.open(targetsFile)) {
            List<TargetRow> batch = new ArrayList<>(BATCH);
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (!shard.accepts(row)) {
                    continue;
                }
                batch.add(row);
                rows++;
                invalid += row.valid() ? 0 : 1;
                if (batch.size() == BATCH) {
                    store.insert(runId, batch);
                    batch.clear();
                }
            }
            store.insert(runId, batch);
        }
        int duplicates = store.markDuplicates(runId);
        contribution.incrementWriteCount(rows);
        log.info("Loaded {} rows from {} (shard {}): {} invalid, {} duplicates", rows, targetsFile, shard, invalid, duplicates);
        return RepeatStatus.FINISHED;
    }
}
