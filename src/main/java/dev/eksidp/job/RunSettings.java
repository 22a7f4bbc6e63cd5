package dev.eksidp.job;

import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RoleArns;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.RetrySettings;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Duration;

/**
 * Everything a run needs, stored as its job parameters so that {@code resume} continues with exactly what the
 * run started with. No credentials are among them: those come from the SDK's default chain at run time.
 */
public record RunSettings(String runId, Mode mode, String targetsFile, String reportDir, String roleName,
                          String roleArnTemplate, String externalId, String sessionName, double eksRate,
                          int eksBurst, double stsRate, int maxAttempts, int maxConcurrency,
                          Duration backoffBase, Duration busyBackoffBase, boolean waitForUpdates,
                          Duration waitPollInterval, Duration waitTimeout, int sessionDurationSeconds,
                          boolean allowUnknownRegions) {

    /** What runs started before --session-duration existed used. */
    public static final int DEFAULT_SESSION_SECONDS = 3600;

    public JobParameters toJobParameters() {
        JobParametersBuilder b = new JobParametersBuilder()
                .addString("run.id", runId)
                .addString("mode", mode.name())
                .addString("targets.file", targetsFile)
                .addString("report.dir", reportDir)
                .addString("session.name", sessionName)
                .addDouble("eks.rate", eksRate)
                .addLong("eks.burst", (long) eksBurst)
                .addDouble("sts.rate", stsRate)
                .addLong("max.attempts", (long) maxAttempts)
                .addLong("max.concurrency", (long) maxConcurrency)
                .addLong("backoff.base.ms", backoffBase.toMillis())
                .addLong("busy.backoff.base.ms", busyBackoffBase.toMillis())
                .addString("wait", Boolean.toString(waitForUpdates))
                .addLong("wait.poll.ms", waitPollInterval.toMillis())
                .addLong("wait.timeout.ms", waitTimeout.toMillis())
                .addLong("session.duration.s", (long) sessionDurationSeconds, false)
                .addString("allow.unknown.regions", Boolean.toString(allowUnknownRegions), false);
        // Optional values are left out rather than stored empty.
        if (roleName != null) {
            b.addString("role.name", roleName);
        }
        if (roleArnTemplate != null) {
            b.addString("role.arn.template", roleArnTemplate);
        }
        if (externalId != null) {
            b.addString("external.id", externalId);
        }
        return b.toJobParameters();
    }

    public static RunSettings from(JobParameters p) {
        return new RunSettings(p.getString("run.id"), Mode.valueOf(p.getString("mode")), p.getString("targets.file"),
                p.getString("report.dir"), p.getString("role.name"), p.getString("role.arn.template"),
                p.getString("external.id"), p.getString("session.name"), p.getDouble("eks.rate"),
                p.getLong("eks.burst").intValue(), p.getDouble("sts.rate"), p.getLong("max.attempts").intValue(),
                p.getLong("max.concurrency").intValue(),
                Duration.ofMillis(p.getLong("backoff.base.ms")), Duration.ofMillis(p.getLong("busy.backoff.base.ms")),
                Boolean.parseBoolean(p.getString("wait")), Duration.ofMillis(p.getLong("wait.poll.ms")),
                Duration.ofMillis(p.getLong("wait.timeout.ms")),
                p.getLong("session.duration.s", (long) DEFAULT_SESSION_SECONDS).intValue(),
                Boolean.parseBoolean(p.getString("allow.unknown.regions", "false")));
    }

    public AwsSettings aws() {
        return new AwsSettings(new RoleArns(roleName, roleArnTemplate), sessionName, externalId, sessionDurationSeconds, stsRate,
                maxAttempts, backoffBase,
                maxConcurrency * RemediationJobConfiguration.CHUNK_SIZE + 16);
    }

    public RetrySettings retry() {
        return new RetrySettings(maxAttempts, backoffBase, Duration.ofSeconds(20), busyBackoffBase,
                busyBackoffBase.multipliedBy(8));
    }
}
