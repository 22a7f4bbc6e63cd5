package dev.eksidp.job.remediation;

import dev.eksidp.job.RunIntents;
import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.SafetyRails;
import dev.eksidp.job.Shard;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;
import dev.eksidp.report.ReportWriter;
import dev.eksidp.restore.RemovedConfig;
import dev.eksidp.restore.RemovedConfigsFile;
import dev.eksidp.restore.RestoreInputs;
import dev.eksidp.report.RetryCounts;
import dev.eksidp.report.RunHistory;
import dev.eksidp.report.RunSummary;
import dev.eksidp.report.SummaryContext;
import dev.eksidp.report.SummaryWriter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report files from the staging table, in input order, one line per input row. The files appear
 * under their final names only when complete, so a kill during this step leaves no half report; the step just
 * runs again on resume.
 */
record WriteReportsTasklet(TargetStore store, RunContext run, Clock clock,
                           JobRepository repository, RunIntents intents) implements Tasklet {

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        RunSettings settings = run.settings();
        Path dir = Path.of(settings.reportDir());
        RunSummary summary = new RunSummary();
        try (ReportWriter writer = ReportWriter.open(dir, settings.mode())) {
            store.forEachRecord(settings.runId(), record -> {
                try {
                    writer.write(record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                summary.add(record);
            });
            writer.commit();
        }
        if (settings.mode() == Mode.APPLY) {
            // A second pass: the file is sealed with the reports, which must be in place first.
            RemovedConfigsFile.write(dir, settings.runId(), sink -> store.forEachRecord(settings.runId(), record -> {
                if (record.removedConfigJson() != null) {
                    sink.accept(RemovedConfig.parse(record.removedConfigJson()));
                }
            }), clock.instant());
        }
        Instant end = clock.instant();
        RunHistory history = RunHistories.of(repository, store, jobExecution, "COMPLETED", end);
        SummaryWriter.write(dir, summary, new SummaryContext(settings.runId(), settings.mode(), settings.targetsFile(),
                jobExecution.getId(), history.firstStart(), end, "finished", null,
                withShard(notes(settings), run.parameters().shard()), RunParameters.identity(jobExecution.getJobParameters()),
                history, RunParameters.origin(jobExecution.getJobParameters(), intents.commandLine(settings.runId())),
                new RetryCounts(store.countRetries(settings.runId()), run.eksLimiters().throttles(), run.stsLimiter().throttles())));
        return RepeatStatus.FINISHED;
    }

    /** A shard's summary says so: its counts are of its shard only, and the others' reports complete it. */
    private static List<String> withShard(List<String> notes, Shard shard) {
        if (shard.count() == 1) {
            return notes;
        }
        notes.add("Shard " + shard + " of the targets file (accounts whose CRC-32 mod " + shard.count() + " is "
                + shard.index() + "); combine the shards' reports with 'report --merge'");
        return notes;
    }

    private List<String> notes(RunSettings s) {
        SafetyRails rails = run.parameters().rails();
        List<String> sessionNotes = run.sessionNotes();
        int shards = run.parameters().shard().count();
        List<String> notes = new ArrayList<>(List.of(
                RateNotes.configured(s, shards),
                "Max attempts per target: " + s.maxAttempts() + ", concurrent buckets: " + s.maxConcurrency(),
                "Role session name: " + s.sessionName() + ", session length asked for: " + s.sessionDurationSeconds() + " s",
                s.mode() == Mode.PLAN
                        ? "Rows apply would act on: " + store.countsByOutcome(s.runId()).getOrDefault(Outcome.WOULD_DISASSOCIATE, 0L)
                        : "Rows acted on: " + store.countActionable(s.runId())));
        if (s.mode() == Mode.RESTORE) {
            RestoreInputs restored = run.restoreInputs();
            notes.add("Restores what apply run " + restored.sourceRunId() + " removed (" + restored.source() + "): "
                    + restored.configs().size() + " configs");
        }
        notes.addAll(RateNotes.reached(run.eksLimiters(), run.stsLimiter()));
        sessionNotes.forEach(n -> notes.add("Sessions: " + n));
        List<String> set = rails.describe(run.errorBudget().setting());
        notes.add("Safety rails set: " + (set.isEmpty() ? "none" : String.join(", ", set)));
        long protectedRows = store.countErrorCode(s.runId(), "ProtectedAccount");
        long overCeiling = store.countErrorCode(s.runId(), "AccountCeiling");
        if (protectedRows > 0) {
            notes.add("Rail fired: " + protectedRows + " rows BLOCKED as protected accounts");
        }
        if (overCeiling > 0) {
            notes.add("Rail fired: " + overCeiling + " rows BLOCKED over --max-per-account");
        }
        return notes;
    }
}
