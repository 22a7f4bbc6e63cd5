package dev.eksidp.cli;

import dev.eksidp.job.RunSettings;
import dev.eksidp.job.Shard;
import dev.eksidp.plan.PlanSeal;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The operations side of starting and resuming a run: which shard it is, the hash of its targets, and the
 * {@link RunLocks} that keep two processes off the same targets or the same run in a shared repository.
 */
final class RunGuard {

    static final String TARGETS_SHA256 = "targets.sha256";
    static final String SHARD_INDEX = "shard.index";
    static final String SHARD_COUNT = "shard.count";

    private RunGuard() {
    }

    /** The run's job parameters plus its shard and targets hash (kept so resume takes the same lock). */
    static JobParameters parameters(RunSettings settings, Shard shard, String targetsSha256) {
        JobParametersBuilder b = new JobParametersBuilder(settings.toJobParameters())
                .addString(TARGETS_SHA256, targetsSha256);
        if (shard.count() > 1) {
            b.addLong(SHARD_INDEX, (long) shard.index()).addLong(SHARD_COUNT, (long) shard.count());
        }
        return b.toJobParameters();
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
        JobParameters p = unfinished.getJobParameters();
        String runId = p.getString("run.id");
        RunLocks locks = RunLocks.open(batch.bean(DataSource.class), repository.url());
        try {
            locks.take(RunLocks.runLock(runId), "execution " + unfinished.getId() + " (run " + runId
                    + ") is still running in another process; it was not touched. Wait for it, or stop that process "
                    + "(SIGTERM) and resume then.");
            String sha = p.getString(TARGETS_SHA256);
            if (sha != null) {
                Shard shard = Shard.of(p.getLong(SHARD_INDEX), p.getLong(SHARD_COUNT));
                locks.take(RunLocks.targetSetLock(sha, shard.toString(), p.getString("mode")), "another run on the same targets ("
                        + p.getString("targets.file") + ") is in progress in the job repository "
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
