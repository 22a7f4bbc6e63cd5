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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Streams the targets file into the staging table in batches, each row with its {@link TargetClassifier} verdict
 * (actionable, or why not: the same rules apply's preview counted with). It starts by clearing the
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
        Map<TargetClassifier.Verdict, Long> counts = new EnumMap<>(TargetClassifier.Verdict.class);
        TargetClassifier classifier = new TargetClassifier(protectedAccounts(), rails.maxPerAccount());
        try (TargetFileReader reader = TargetFileReader.open(targetsFile, allowUnknownRegions)) {
            List<TargetStore.StagedRow> batch = new ArrayList<>(BATCH);
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (!shard.accepts(row)) {
                    continue;
                }
                TargetClassifier.Classification c = classifier.classify(row);
                counts.merge(c.verdict(), 1L, Long::sum);
                batch.add(new TargetStore.StagedRow(row, c));
                if (batch.size() == BATCH) {
                    store.insert(runId, batch, rails.maxPerAccount());
                    batch.clear();
                }
            }
            store.insert(runId, batch, rails.maxPerAccount());
        }
        store.assignPartitions(runId, RemediationJobConfiguration.CHUNK_SIZE);
        long rows = counts.values().stream().mapToLong(Long::longValue).sum();
        contribution.incrementWriteCount(rows);
        log.info("Loaded {} rows from {} (shard {}): {} invalid, {} duplicates, {} in protected accounts, {} over the "
                        + "per-account ceiling", rows, targetsFile, shard, counts.getOrDefault(TargetClassifier.Verdict.INVALID, 0L),
                counts.getOrDefault(TargetClassifier.Verdict.DUPLICATE, 0L),
                counts.getOrDefault(TargetClassifier.Verdict.PROTECTED_ACCOUNT, 0L),
                counts.getOrDefault(TargetClassifier.Verdict.OVER_ACCOUNT_CEILING, 0L));
        return RepeatStatus.FINISHED;
    }

    /** The run's protected accounts: the list the CLI checked and kept in the report directory. */
    private Set<String> protectedAccounts() throws IOException {
        if (rails.protectedAccountsFile() == null) {
            return Set.of();
        }
        return Files.readAllLines(Path.of(rails.protectedAccountsFile())).stream().map(String::trim)
                .filter(line -> !line.isEmpty()).collect(Collectors.toSet());
    }
}
