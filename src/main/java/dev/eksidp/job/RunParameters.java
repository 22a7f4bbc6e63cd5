package dev.eksidp.job;

import dev.eksidp.aws.BaseIdentity;
import dev.eksidp.discovery.DiscoverySettings;
import dev.eksidp.remediation.Mode;
import dev.eksidp.report.RunOrigin;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The one codec of the job parameters: every key is here, and a run's parameters are encoded and decoded only
 * here, so {@code resume} continues with exactly what the run started with.
 *
 * <p>Identifying parameters define the job instance (a new run id is a new instance). The ones added after runs
 * were already stored in job repositories ({@code session.duration.s}, {@code allow.unknown.regions}) are
 * non-identifying, so those older runs keep their job key and still resume.
 *
 * @param targetsSha256 the targets file's hash, kept so resume takes the same target-set lock (null: not kept)
 */
public record RunParameters(RunSettings settings, SafetyRails rails, Shard shard, String targetsSha256) {

    public static final String RUN_ID = "run.id";
    public static final String MODE = "mode";
    static final String TARGETS_FILE = "targets.file";
    static final String REPORT_DIR = "report.dir";
    static final String ROLE_NAME = "role.name";
    static final String ROLE_ARN_TEMPLATE = "role.arn.template";
    static final String EXTERNAL_ID = "external.id";
    static final String SESSION_NAME = "session.name";
    static final String EKS_RATE = "eks.rate";
    static final String EKS_BURST = "eks.burst";
    static final String STS_RATE = "sts.rate";
    static final String MAX_ATTEMPTS = "max.attempts";
    static final String MAX_CONCURRENCY = "max.concurrency";
    static final String BACKOFF_MS = "backoff.base.ms";
    static final String BUSY_BACKOFF_MS = "busy.backoff.base.ms";
    static final String WAIT = "wait";
    static final String WAIT_POLL_MS = "wait.poll.ms";
    static final String WAIT_TIMEOUT_MS = "wait.timeout.ms";
    static final String SESSION_DURATION_S = "session.duration.s";
    static final String ALLOW_UNKNOWN_REGIONS = "allow.unknown.regions";
    static final String SHARD_INDEX = "shard.index";
    static final String SHARD_COUNT = "shard.count";
    static final String TARGETS_SHA256 = "targets.sha256";
    static final String MAX_TARGETS = "rails.max.targets";
    static final String MAX_FAILURES = "rails.max.failures";
    static final String PROTECTED_ACCOUNTS_FILE = "rails.protected.accounts.file";
    static final String MAX_PER_ACCOUNT = "rails.max.per.account";
    static final String ACCOUNTS_FILE = "accounts.file";
    static final String REGIONS = "regions";
    /** The regions of an --all-regions discovery: not a region name, so it cannot be read as one. */
    private static final String ALL_REGIONS = "enabled-in-each-account";
    static final String ISSUER_URL = "issuer.url";
    static final String PROVIDER_NAME = "provider.name";
    static final String OUT_FILE = "out.file";
    static final String IDENTITY_ARN = "identity.arn";
    static final String IDENTITY_ACCOUNT = "identity.account";
    static final String IDENTITY_PROFILE = "identity.profile";
    static final String IDENTITY_REGION = "identity.region";
    static final String IDENTITY_ENDPOINT = "identity.endpoint";
    static final String ORIGIN_HOST = "origin.host";
    static final String ORIGIN_OS_USER = "origin.os.user";
    static final String TOOL_VERSION = "tool.version";
    /** The mode a discovery run stores, so every run of the repository has one. */
    public static final String DISCOVER = "DISCOVER";

    /** A run without rails, shards or a kept hash (the job tests start runs like this). */
    public static RunParameters of(RunSettings settings) {
        return new RunParameters(settings, SafetyRails.NONE, Shard.ALL, null);
    }

    public JobParameters toJobParameters() {
        RunSettings s = settings;
        Builder b = new Builder()
                .string(RUN_ID, s.runId())
                .string(MODE, s.mode().name())
                .string(TARGETS_FILE, s.targetsFile())
                .string(REPORT_DIR, s.reportDir())
                .role(s.roleName(), s.roleArnTemplate(), s.externalId(), s.sessionName())
                .pacing(s.eksRate(), s.stsRate(), s.maxAttempts(), s.maxConcurrency(), s.backoffBase())
                .number(EKS_BURST, s.eksBurst())
                .number(BUSY_BACKOFF_MS, s.busyBackoffBase().toMillis())
                .string(WAIT, Boolean.toString(s.waitForUpdates()))
                .number(WAIT_POLL_MS, s.waitPollInterval().toMillis())
                .number(WAIT_TIMEOUT_MS, s.waitTimeout().toMillis())
                .string(TARGETS_SHA256, targetsSha256)
                .number(MAX_TARGETS, rails.maxTargets())
                .string(MAX_FAILURES, rails.maxFailures())
                .string(PROTECTED_ACCOUNTS_FILE, rails.protectedAccountsFile())
                .number(MAX_PER_ACCOUNT, rails.maxPerAccount());
        if (shard.count() > 1) {
            b.number(SHARD_INDEX, shard.index()).number(SHARD_COUNT, shard.count());
        }
        b.parameters.addLong(SESSION_DURATION_S, (long) s.sessionDurationSeconds(), false)
                .addString(ALLOW_UNKNOWN_REGIONS, Boolean.toString(s.allowUnknownRegions()), false);
        return b.parameters.toJobParameters();
    }

    public static RunParameters from(JobParameters p) {
        RunSettings settings = RunSettings.builder()
                .runId(p.getString(RUN_ID))
                .mode(Mode.valueOf(p.getString(MODE)))
                .targetsFile(p.getString(TARGETS_FILE))
                .reportDir(p.getString(REPORT_DIR))
                .roleName(p.getString(ROLE_NAME))
                .roleArnTemplate(p.getString(ROLE_ARN_TEMPLATE))
                .externalId(p.getString(EXTERNAL_ID))
                .sessionName(p.getString(SESSION_NAME))
                .eksRate(p.getDouble(EKS_RATE))
                .eksBurst(intOrNull(p.getLong(EKS_BURST)))
                .stsRate(p.getDouble(STS_RATE))
                .maxAttempts(p.getLong(MAX_ATTEMPTS).intValue())
                .maxConcurrency(p.getLong(MAX_CONCURRENCY).intValue())
                .backoffBase(Duration.ofMillis(p.getLong(BACKOFF_MS)))
                .busyBackoffBase(Duration.ofMillis(p.getLong(BUSY_BACKOFF_MS)))
                .waitForUpdates(Boolean.parseBoolean(p.getString(WAIT)))
                .waitPollInterval(Duration.ofMillis(p.getLong(WAIT_POLL_MS)))
                .waitTimeout(Duration.ofMillis(p.getLong(WAIT_TIMEOUT_MS)))
                // Runs started before --session-duration and --allow-unknown-regions existed have neither.
                .sessionDurationSeconds(p.getLong(SESSION_DURATION_S, (long) RunSettings.DEFAULT_SESSION_SECONDS).intValue())
                .allowUnknownRegions(Boolean.parseBoolean(p.getString(ALLOW_UNKNOWN_REGIONS, "false")))
                .build();
        SafetyRails rails = new SafetyRails(p.getLong(MAX_TARGETS), p.getString(MAX_FAILURES),
                p.getString(PROTECTED_ACCOUNTS_FILE), p.getLong(MAX_PER_ACCOUNT));
        Long index = p.getLong(SHARD_INDEX);
        Long count = p.getLong(SHARD_COUNT);
        Shard shard = index == null || count == null ? Shard.ALL : new Shard(index.intValue(), count.intValue());
        return new RunParameters(settings, rails, shard, p.getString(TARGETS_SHA256));
    }

    /** The parameters plus who runs it and where; not identifying, they do not make it another run. */
    public static JobParameters withIdentity(JobParameters parameters, BaseIdentity identity) {
        return new JobParametersBuilder(parameters)
                .addString(IDENTITY_ARN, identity.arn(), false)
                .addString(IDENTITY_ACCOUNT, identity.account(), false)
                .addString(IDENTITY_PROFILE, identity.profile(), false)
                .addString(IDENTITY_REGION, identity.region(), false)
                .addString(IDENTITY_ENDPOINT, identity.endpoint(), false)
                .toJobParameters();
    }

    /** The identity a run was started with, or null for a run started before the pre-flight existed. */
    public static BaseIdentity identity(JobParameters p) {
        return p.getString(IDENTITY_ARN) == null ? null : new BaseIdentity(p.getString(IDENTITY_ARN),
                p.getString(IDENTITY_ACCOUNT), p.getString(IDENTITY_PROFILE), p.getString(IDENTITY_REGION),
                p.getString(IDENTITY_ENDPOINT));
    }

    /** The parameters plus the host, OS user and tool version that start the run; not identifying either. */
    public static JobParameters withOrigin(JobParameters parameters, RunOrigin origin) {
        JobParametersBuilder b = new JobParametersBuilder(parameters);
        // JobParametersBuilder refuses null values; a part that is not known is left out.
        if (origin.host() != null) {
            b.addString(ORIGIN_HOST, origin.host(), false);
        }
        if (origin.osUser() != null) {
            b.addString(ORIGIN_OS_USER, origin.osUser(), false);
        }
        if (origin.toolVersion() != null) {
            b.addString(TOOL_VERSION, origin.toolVersion(), false);
        }
        return b.toJobParameters();
    }

    /** Where a run was started from, with the command line kept elsewhere (its intent); never null. */
    public static RunOrigin origin(JobParameters p, String commandLine) {
        return new RunOrigin(p.getString(ORIGIN_HOST), p.getString(ORIGIN_OS_USER), p.getString(TOOL_VERSION), commandLine);
    }

    /** The run id of any run, remediation or discovery. */
    public static String runId(JobParameters p) {
        return p.getString(RUN_ID);
    }

    /** The mode of any run: PLAN, APPLY or DISCOVER (null for a run that stored none). */
    public static String mode(JobParameters p) {
        return p.getString(MODE);
    }

    public static JobParameters of(DiscoverySettings s) {
        return new Builder()
                .string(RUN_ID, s.runId())
                .string(MODE, DISCOVER)
                .string(ACCOUNTS_FILE, s.accountsFile())
                .string(REGIONS, s.allRegions() ? ALL_REGIONS : String.join(",", s.regions()))
                .string(OUT_FILE, s.outFile())
                .string(REPORT_DIR, s.reportDir())
                .role(s.roleName(), s.roleArnTemplate(), s.externalId(), s.sessionName())
                .pacing(s.eksRate(), s.stsRate(), s.maxAttempts(), s.maxConcurrency(), s.backoffBase())
                .string(ISSUER_URL, s.issuerUrl())
                .string(PROVIDER_NAME, s.providerName())
                .parameters.toJobParameters();
    }

    public static DiscoverySettings discovery(JobParameters p) {
        boolean all = ALL_REGIONS.equals(p.getString(REGIONS));
        return new DiscoverySettings(p.getString(RUN_ID), p.getString(ACCOUNTS_FILE), all,
                all ? List.of() : Arrays.asList(p.getString(REGIONS).split(",")), p.getString(ISSUER_URL),
                p.getString(PROVIDER_NAME), p.getString(OUT_FILE), p.getString(REPORT_DIR),
                p.getString(ROLE_NAME), p.getString(ROLE_ARN_TEMPLATE), p.getString(EXTERNAL_ID),
                p.getString(SESSION_NAME), p.getDouble(EKS_RATE), p.getDouble(STS_RATE),
                p.getLong(MAX_ATTEMPTS).intValue(), p.getLong(MAX_CONCURRENCY).intValue(),
                Duration.ofMillis(p.getLong(BACKOFF_MS)));
    }

    private static Integer intOrNull(Long value) {
        return value == null ? null : value.intValue();
    }

    /** Identifying parameters; a value that is not set is left out rather than stored empty. */
    private static final class Builder {
        private final JobParametersBuilder parameters = new JobParametersBuilder();

        Builder string(String key, String value) {
            if (value != null) {
                parameters.addString(key, value);
            }
            return this;
        }

        /** The role a run assumes in each account, as remediation and discovery runs both store it. */
        Builder role(String roleName, String roleArnTemplate, String externalId, String sessionName) {
            return string(ROLE_NAME, roleName).string(ROLE_ARN_TEMPLATE, roleArnTemplate)
                    .string(EXTERNAL_ID, externalId).string(SESSION_NAME, sessionName);
        }

        /** The pace and the retries of a run's AWS calls, as remediation and discovery runs both store them. */
        Builder pacing(Double eksRate, Double stsRate, int maxAttempts, int maxConcurrency, Duration backoff) {
            return number(EKS_RATE, eksRate).number(STS_RATE, stsRate).number(MAX_ATTEMPTS, maxAttempts)
                    .number(MAX_CONCURRENCY, maxConcurrency).number(BACKOFF_MS, backoff.toMillis());
        }

        /** Whole numbers as longs, others as doubles, as the runs already stored keep them. */
        Builder number(String key, Number value) {
            if (value instanceof Double d) {
                parameters.addDouble(key, d);
            } else if (value != null) {
                parameters.addLong(key, value.longValue());
            }
            return this;
        }
    }
}
