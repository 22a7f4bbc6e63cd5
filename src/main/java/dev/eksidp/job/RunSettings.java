package dev.eksidp.job;

import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RoleArns;
import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.remediation.Mode;
import dev.eksidp.aws.RetryPolicy;

import java.time.Duration;

/**
 * Everything a run needs, stored as its job parameters ({@link RunParameters}) so that {@code resume} continues with
 * exactly what the run started with. No credentials are among them: those come from the SDK's default chain at run time.
 *
 * <p>{@code eksRate}, {@code eksBurst} and {@code stsRate} are null when not given: the limiters then find the
 * services' rates themselves ({@link RatePolicy#adaptive}). A given rate is a ceiling. Runs started before rates
 * could be found always stored all three, so they resume with the fixed rates they started with.
 */
public record RunSettings(String runId, Mode mode, String targetsFile, String reportDir, String roleName,
                          String roleArnTemplate, String externalId, String sessionName, Double eksRate,
                          Integer eksBurst, Double stsRate, int maxAttempts, int maxConcurrency,
                          Duration backoffBase, Duration busyBackoffBase, boolean waitForUpdates,
                          Duration waitPollInterval, Duration waitTimeout, int sessionDurationSeconds,
                          boolean allowUnknownRegions) {

    /** What runs started before --session-duration existed used. */
    public static final int DEFAULT_SESSION_SECONDS = 3600;

    /** A builder, so call sites name what they set (the record has twenty components). */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().runId(runId).mode(mode).targetsFile(targetsFile).reportDir(reportDir).roleName(roleName)
                .roleArnTemplate(roleArnTemplate).externalId(externalId).sessionName(sessionName).eksRate(eksRate)
                .eksBurst(eksBurst).stsRate(stsRate).maxAttempts(maxAttempts).maxConcurrency(maxConcurrency)
                .backoffBase(backoffBase).busyBackoffBase(busyBackoffBase).waitForUpdates(waitForUpdates)
                .waitPollInterval(waitPollInterval).waitTimeout(waitTimeout)
                .sessionDurationSeconds(sessionDurationSeconds).allowUnknownRegions(allowUnknownRegions);
    }

    public static final class Builder {
        private String runId;
        private Mode mode;
        private String targetsFile;
        private String reportDir;
        private String roleName;
        private String roleArnTemplate;
        private String externalId;
        private String sessionName;
        private Double eksRate;
        private Integer eksBurst;
        private Double stsRate;
        private int maxAttempts;
        private int maxConcurrency;
        private Duration backoffBase;
        private Duration busyBackoffBase;
        private boolean waitForUpdates;
        private Duration waitPollInterval;
        private Duration waitTimeout;
        private int sessionDurationSeconds = DEFAULT_SESSION_SECONDS;
        private boolean allowUnknownRegions;

        private Builder() {
        }

        public Builder runId(String v) { runId = v; return this; }
        public Builder mode(Mode v) { mode = v; return this; }
        public Builder targetsFile(String v) { targetsFile = v; return this; }
        public Builder reportDir(String v) { reportDir = v; return this; }
        public Builder roleName(String v) { roleName = v; return this; }
        public Builder roleArnTemplate(String v) { roleArnTemplate = v; return this; }
        public Builder externalId(String v) { externalId = v; return this; }
        public Builder sessionName(String v) { sessionName = v; return this; }
        public Builder eksRate(Double v) { eksRate = v; return this; }
        public Builder eksBurst(Integer v) { eksBurst = v; return this; }
        public Builder stsRate(Double v) { stsRate = v; return this; }
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }
        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder backoffBase(Duration v) { backoffBase = v; return this; }
        public Builder busyBackoffBase(Duration v) { busyBackoffBase = v; return this; }
        public Builder waitForUpdates(boolean v) { waitForUpdates = v; return this; }
        public Builder waitPollInterval(Duration v) { waitPollInterval = v; return this; }
        public Builder waitTimeout(Duration v) { waitTimeout = v; return this; }
        public Builder sessionDurationSeconds(int v) { sessionDurationSeconds = v; return this; }
        public Builder allowUnknownRegions(boolean v) { allowUnknownRegions = v; return this; }

        public RunSettings build() {
            return new RunSettings(runId, mode, targetsFile, reportDir, roleName, roleArnTemplate, externalId,
                    sessionName, eksRate, eksBurst, stsRate, maxAttempts, maxConcurrency, backoffBase, busyBackoffBase,
                    waitForUpdates, waitPollInterval, waitTimeout, sessionDurationSeconds, allowUnknownRegions);
        }
    }

    /** The EKS limiters' policy, per (account, region): the given rate as a ceiling, or found from a safe start. */
    public RatePolicy eksPolicy() {
        return eksRate != null
                ? RatePolicy.fixed(eksRate, eksBurst != null ? eksBurst : Math.max(1, Math.ceil(eksRate)))
                : RatePolicy.adaptive(RatePolicy.EKS_ADAPTIVE_START, RatePolicy.EKS_ADAPTIVE_CEILING,
                        eksBurst == null ? null : eksBurst.doubleValue());
    }

    /**
     * The STS limiter's policy for one of {@code shards} processes: every shard of a run assumes roles as the same
     * hub identity, so they share its STS budget and each gets its share of the rate (given or adaptive).
     */
    public RatePolicy stsPolicy(int shards) {
        RatePolicy whole = stsRate != null ? RatePolicy.fixed(stsRate, Math.max(1, stsRate))
                : RatePolicy.adaptive(RatePolicy.STS_ADAPTIVE_START, RatePolicy.STS_ADAPTIVE_CEILING, null);
        return whole.share(shards);
    }

    public AwsSettings aws(int shards) {
        return new AwsSettings(new RoleArns(roleName, roleArnTemplate), sessionName, externalId, sessionDurationSeconds,
                eksPolicy(), stsPolicy(shards), RetryPolicy.of(maxAttempts, backoffBase),
                maxConcurrency * RemediationJobConfiguration.CHUNK_SIZE + 16);
    }

    /** A target's attempts: the busy-cluster backoff of --busy-backoff besides --backoff. */
    public RetryPolicy retry() {
        return RetryPolicy.withBusyBackoff(maxAttempts, backoffBase, busyBackoffBase);
    }
}
