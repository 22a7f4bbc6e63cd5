package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.Shard;
import dev.eksidp.plan.PlanSeal;
import org.springframework.batch.core.job.JobExecution;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The operations side of starting and resuming a run: which shard it is, the hash of its targets, and the
 * {@link RunLocks} that keep two processes off the same targets or the same run in a shared repository.
 */
final class RunGuard {

    private RunGuard() {
    }

    /** Locks for a new run: its target set (content and shard), then its run id. */
    static RunLocks forStart(BatchContext batch, RepositoryOptions repository, RunSettings settings, Shard shard,
                             String targetsSha256) {
        RunLocks locks = RunLocks.open(batch.bean(DataSource.class), repository.url());
        try {
            return locks.take(RunLocks.targetSetLock(targetsSha256, shard.toString(), settings.mode().name()),
                            "another " + settings.mode().name().toLowerCase() + " run on the same targets (" + settings.targetsFile() + ", sha256 "
                                    + targetsSha256.substring(0, 12) + (shard.count() > 1 ? ", shard " + shard : "")
                                    + ") is in progress in the job repository " + redacted(repository.url())
                                    + "; nothing was done. Try again when it has finished ('executions --status STARTED').")
                    .take(RunLocks.runLock(settings.runId()), "run " + settings.runId() + " is already running");
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    /**
     * Locks for resuming: the run's own lock first (a process still running it holds it, so it is not recovered
     * under that process), then its target set, so a resume and a new run of the same targets do not overlap.
     */
    static RunLocks forResume(BatchContext batch, RepositoryOptions repository, JobExecution unfinished) {
        RunParameters run = RunParameters.from(unfinished.getJobParameters());
        String runId = run.settings().runId();
        RunLocks locks = RunLocks.open(batch.bean(DataSource.class), repository.url());
        try {
            locks.take(RunLocks.runLock(runId), "execution " + unfinished.getId() + " (run " + runId
                    + ") is still running in another process; it was not touched. Wait for it, or stop that process "
                    + "(SIGTERM) and resume then.");
            if (run.targetsSha256() != null) {
                locks.take(RunLocks.targetSetLock(run.targetsSha256(), run.shard().toString(), run.settings().mode().name()),
                        "another run on the same targets (" + run.settings().targetsFile() + ") is in progress in the job repository "
                        + redacted(repository.url()) + "; resume when it has finished.");
            }
            return locks;
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    static String targetsSha256(RunSettings settings) {
        Path file = Path.of(settings.targetsFile());
        try {
            return PlanSeal.sha256(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A JDBC URL for messages: without its query string, which may carry a password. */
    static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
