package dev.eksidp.job.remediation;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.SafetyRails;
import dev.eksidp.job.Shard;
import dev.eksidp.targets.TargetClassifier;
import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Streams the targets file into the staging table in batches, then marks duplicates. It starts by clearing the
 * run's rows, so a load killed half-way simply loads again on restart.
 */
final class LoadTargetsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(LoadTargetsTasklet.class);
    private static final int BATCH = 1000;

    private final TargetStore store;
    private final String runId;
    private final Path targetsFile;
    private final SafetyRails rails;
    private final Shard shard;
    private final boolean allowUnknownRegions;

    /** Loads only the rows of the run's shard: the other shards' rows are not part of this run at all. */
    LoadTargetsTasklet(TargetStore store, RunParameters run) {
        this.store = store;
        this.runId = run.settings().runId();
        this.targetsFile = Path.of(run.settings().targetsFile());
        this.rails = run.rails();
        this.shard = run.shard();
        this.allowUnknownRegions = run.settings().allowUnknownRegions();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        store.deleteRun(runId);
        long rows = 0;
        long invalid = 0;
        long duplicates = 0;
        // Duplicates are found in memory, one key per distinct target (about 100 bytes each): a correlated UPDATE
        // over the staged rows took minutes at 100k rows. The account rails are applied to the staged rows below,
        // so the classifier is given none here.
        TargetClassifier classifier = new TargetClassifier(Set.of(), null);
        try (TargetFileReader reader = TargetFileReader.open(targetsFile, allowUnknownRegions)) {
            List<TargetStore.StagedRow> batch = new ArrayList<>(BATCH);
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (!shard.accepts(row)) {
                    continue;
                }
                TargetClassifier.Classification c = classifier.classify(row);
                batch.add(new TargetStore.StagedRow(row, c.duplicateOf()));
                rows++;
                invalid += c.verdict() == TargetClassifier.Verdict.INVALID ? 1 : 0;
                duplicates += c.verdict() == TargetClassifier.Verdict.DUPLICATE ? 1 : 0;
                if (batch.size() == BATCH) {
                    store.insert(runId, batch);
                    batch.clear();
                }
            }
            store.insert(runId, batch);
        }
        int protectedRows = rails.protectedAccountsFile() == null ? 0
                : store.blockAccounts(runId, Files.readAllLines(Path.of(rails.protectedAccountsFile())));
        int overCeiling = rails.maxPerAccount() == null ? 0 : store.capPerAccount(runId, rails.maxPerAccount());
        store.assignPartitions(runId, RemediationJobConfiguration.CHUNK_SIZE);
        contribution.incrementWriteCount(rows);
        log.info("Loaded {} rows from {} (shard {}): {} invalid, {} duplicates, {} in protected accounts, {} over the "
                + "per-account ceiling", rows, targetsFile, shard, invalid, duplicates, protectedRows, overCeiling);
        return RepeatStatus.FINISHED;
    }
}
