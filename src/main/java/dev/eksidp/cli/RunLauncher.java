package dev.eksidp.cli;

import dev.eksidp.job.RunIntents;
import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.StopSignals;
import dev.eksidp.job.remediation.RunHistories;
import dev.eksidp.job.remediation.TargetStore;
import dev.eksidp.remediation.Outcome;
import dev.eksidp.report.RetryCounts;
import dev.eksidp.report.RunHistory;
import dev.eksidp.report.RunSummary;
import dev.eksidp.report.SummaryContext;
import dev.eksidp.report.SummaryWriter;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts or resumes a run in a {@link BatchContext}, tells the user how it ended, and picks the exit code. */
final class RunLauncher {

    private final PrintStream out;
    private final GracefulStop signals;
    private final ResumeHint hint;
    private final RunRecorder recorder;
    private final Clock clock;

    /**
     * @param env      its clock gives the time of the run's intent and of an interim summary's end
     * @param recorder what to write when the run ends, e.g. --metrics-file
     */
    RunLauncher(CliEnvironment env, ResumeHint hint, RunRecorder recorder) {
        this.out = env.out();
        this.signals = env.signals();
        this.hint = hint;
        this.recorder = recorder;
        this.clock = env.clock();
    }

    /**
     * Starts a run with its settings' parameters plus extra ones (shard, targets hash). Its intent is recorded
     * first, so a kill right after the id is shown still leaves a trace {@code resume} can explain.
     */
    int start(BatchContext batch, RunSettings settings, JobParameters parameters, List<String> args) throws Exception {
        batch.bean(RunIntents.class).record(settings.runId(), settings.mode().name(), hint.again(args), clock.instant());
        out.printf("Run %s (%s) of %s%n", settings.runId(), settings.mode().name().toLowerCase(), settings.targetsFile());
        try (GracefulStop.Attachment signal = signals.attach(batch.bean(StopSignals.class)::stopAll)) {
            return finish(batch, batch.operator().start(batch.job(), parameters));
        }
    }

    int resume(BatchContext batch, JobExecution unfinished) throws Exception {
        RunSettings settings = RunParameters.from(unfinished.getJobParameters()).settings();
        // The run lock (a file lock next to an H2 file, an advisory lock on PostgreSQL) was taken: a run or a step still
        // marked running here was left so by a process that is gone (killed, or forced out by a second signal).
        if (unfinished.getStatus().isRunning() || unfinished.getStepExecutions().stream().anyMatch(s -> s.getStatus().isRunning())) {
            out.printf("Execution %d was left %s by a process that is gone; recovering it.%n",
                    unfinished.getId(), unfinished.getStatus());
            batch.operator().recover(unfinished);
        }
        out.printf("Resuming run %s (%s), execution %d%n", settings.runId(), settings.mode().name().toLowerCase(),
                unfinished.getId());
        try (GracefulStop.Attachment signal = signals.attach(batch.bean(StopSignals.class)::stopAll)) {
            return finish(batch, batch.operator().restart(unfinished));
        }
    }

    private int finish(BatchContext batch, JobExecution execution) {
        int code = report(batch, execution);
        recorder.ended(batch.store(), execution, code);
        return code;
    }

    private int report(BatchContext batch, JobExecution execution) {
        RunSettings settings = RunParameters.from(execution.getJobParameters()).settings();
        TargetStore store = batch.store();
        Map<Outcome, Long> counts = store.countsByOutcome(settings.runId());
        out.println(counts.isEmpty() ? "No rows processed." : "Outcomes: " + counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String reason = stopReason(batch, execution);
            out.printf("Run %s ended %s (execution %d): %s%nNothing done is lost; continue with:%n  %s%n",
                    settings.runId(), execution.getStatus(), execution.getId(), reason, resumeCommand(execution));
            writeInterimSummary(batch, execution, settings, reason);
            return ExitCodes.RESUMABLE;
        }
        Path dir = Path.of(settings.reportDir());
        out.printf("Summary: %s%nReport:  %s, %s%n", dir.resolve(SummaryWriter.FILE_NAME),
                dir.resolve(settings.mode().reportName() + ".csv"), dir.resolve(settings.mode().reportName() + ".jsonl"));
        boolean clean = counts.keySet().stream().noneMatch(o -> o.needsAttention(settings.mode()));
        return clean ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
    }

    private static String stopReason(BatchContext batch, JobExecution execution) {
        return batch.bean(StopSignals.class).stopReason(execution.getId())
                .or(() -> execution.getAllFailureExceptions().stream().findFirst().map(Throwable::getMessage))
                .orElse(execution.getStatus() == BatchStatus.STOPPED ? "stopped on request" : "failed");
    }

    /** An unfinished run gets a summary too: what is done so far, why it stopped, how to continue. */
    private void writeInterimSummary(BatchContext batch, JobExecution execution, RunSettings settings, String reason) {
        TargetStore store = batch.store();
        RunSummary summary = new RunSummary();
        store.forEachRecord(settings.runId(), false, summary::add);
        Instant end = clock.instant();
        RunHistory history = RunHistories.of(batch.repository(), store, execution, execution.getStatus().name(), end);
        try {
            SummaryWriter.write(Path.of(settings.reportDir()), summary, new SummaryContext(settings.runId(), settings.mode(),
                    settings.targetsFile(), execution.getId(), history.firstStart(), end, execution.getStatus() + ": " + reason,
                    resumeCommand(execution), List.of(store.countPending(settings.runId()) + " rows not processed yet; "
                    + "report.csv is written when the run completes"), RunParameters.identity(execution.getJobParameters()), history,
                    RunParameters.origin(execution.getJobParameters(), batch.bean(RunIntents.class).commandLine(settings.runId())),
                    // The execution's rate limiters are gone with it: its throttles are not known here.
                    new RetryCounts(store.countRetries(settings.runId()), null, null)));
            out.println("Summary so far: " + Path.of(settings.reportDir()).resolve(SummaryWriter.FILE_NAME));
        } catch (IOException e) {
            out.println("Could not write the summary: " + e.getMessage());
        }
    }

    private String resumeCommand(JobExecution execution) {
        return hint.resume(execution.getId());
    }
}
