package dev.eksidp.cli;

import dev.eksidp.job.RunSettings;
import dev.eksidp.job.Shard;
import dev.eksidp.aws.RoleArns;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.eksidp.remediation.Mode;

import java.nio.file.Path;
import java.time.Duration;

/** The options of a plan or apply run. Each can also come from a job file (--job), the command line winning. */
public class RunOptions {


    @Option(names = "--job", paramLabel = "FILE",
            description = "Job file (YAML) whose keys are these options' names without dashes; options given here win.")
    Path jobFile;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "CSV of targets: account_id,region,cluster_name,provider_type,provider_name[,role_arn].")
    Path targets;

    @Mixin
    RoleOptions role;

    @Option(names = "--session-name", paramLabel = "NAME",
            description = "Role session name, shown in CloudTrail (default: eks-idp-remediation-<run id>).")
    String sessionName;

    @Option(names = "--session-duration", paramLabel = "SECONDS", defaultValue = "3600",
            description = "AssumeRole session length, 900 to 43200 (default: ${DEFAULT-VALUE}). A role that refuses it "
                    + "(its maximum is lower, or role chaining caps it at 1 h) gets 3600, then 900, and summary.md "
                    + "says so; credentials are refreshed before they expire either way.")
    int sessionDuration;

    @Option(names = "--allow-unknown-regions",
            description = "Accept a well-formed region the AWS SDK's region metadata does not know (a region newer "
                    + "than the SDK). Without it such a row is INVALID_TARGET, so a typo (eu-west-9) is never sent.")
    boolean allowUnknownRegions;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Where reports go (default: reports/<run id>-<mode>/).")
    Path reportDir;

    @Option(names = "--force",
            description = "Write into a --report-dir that already holds a report (replacing it), or apply a --plan "
                    + "that was already applied. Without it both are refused (exit 64), so no run's record is lost.")
    boolean force;

    // No defaultValue: an option not given (here or in the job file) is null, and null means "find the rate".
    @Option(names = "--eks-rate", paramLabel = "N",
            description = "Ceiling of EKS requests per second per account and region, never exceeded; the rate adapts "
                    + "down on throttling and back up to it. Default: none, the rate is found: it starts at 5/s, doubles "
                    + "per second while nothing is throttled, then holds just under what EKS accepted (at most 50/s).")
    Double eksRate;

    @Option(names = "--eks-burst", paramLabel = "N",
            description = "EKS burst per account and region (default: the rate; with no --eks-rate, one second of the current rate).")
    Integer eksBurst;

    @Option(names = "--sts-rate", paramLabel = "N",
            description = "Ceiling of STS AssumeRole calls per second for the whole run, divided among --shard-count "
                    + "shards (they share the hub identity). Default: none, the rate is found from 10/s (at most 100/s), "
                    + "also divided among shards.")
    Double stsRate;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "8",
            description = "Attempts per target before it is FAILED (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "32",
            description = "Account/region buckets worked on at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(names = "--backoff", paramLabel = "MILLIS", defaultValue = "250",
            description = "First backoff after throttling or a transient error, doubled per attempt (default: ${DEFAULT-VALUE} ms).")
    long backoffMillis;

    @Option(names = "--busy-backoff", paramLabel = "MILLIS", defaultValue = "15000",
            description = "First backoff when a cluster is busy with another update, doubled per attempt (default: ${DEFAULT-VALUE} ms).")
    long busyBackoffMillis;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I of N (0-based): the targets whose account id hashes to I mod N; other rows "
                    + "are left out of this run and its report. Default: JOB_COMPLETION_INDEX/--shard-count when both are set.")
    String shard;

    @Option(names = "--shard-count", paramLabel = "N",
            description = "Number of shards; the shard index then defaults from the environment variable "
                    + "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).")
    Integer shardCount;

    /** The shard this process runs (whole file unless --shard or --shard-count say otherwise). */
    Shard shard(java.util.Map<String, String> environment) {
        return ShardSelection.resolve(shard, shardCount, environment.get("JOB_COMPLETION_INDEX"));
    }

    /** Checks the options and turns them into the run's settings; a bad value is a usage error. */
    RunSettings toSettings(Mode mode, String runId, WaitOptions wait) {
        if (targets == null) {
            throw new UsageException("missing --targets FILE (or 'targets:' in the --job file)");
        }
        require(eksRate == null || eksRate > 0, "--eks-rate must be > 0");
        require(eksBurst == null || eksBurst >= 1, "--eks-burst must be >= 1");
        require(stsRate == null || stsRate > 0, "--sts-rate must be > 0");
        require(maxAttempts >= 1 && maxAttempts <= 100, "--max-attempts must be between 1 and 100");
        require(maxConcurrency >= 1 && maxConcurrency <= 1000, "--max-concurrency must be between 1 and 1000");
        require(backoffMillis >= 0 && busyBackoffMillis >= 0, "backoffs must be >= 0");
        require(sessionDuration >= 900 && sessionDuration <= 43200, "--session-duration must be between 900 and 43200 seconds");
        RoleArns roles = role.roleArns();
        String session = RunIds.sessionName(sessionName, "eks-idp-remediation", runId);
        Path reports = reportDir(mode, runId);
        return RunSettings.builder().runId(runId).mode(mode).targetsFile(targets.toAbsolutePath().toString())
                .reportDir(reports.toAbsolutePath().toString()).roleName(roles.roleName()).roleArnTemplate(roles.template())
                .externalId(role.externalId).sessionName(session).eksRate(eksRate)
                .eksBurst(eksBurst != null || eksRate == null ? eksBurst : Integer.valueOf((int) Math.max(1, Math.ceil(eksRate))))
                .stsRate(stsRate).maxAttempts(maxAttempts).maxConcurrency(maxConcurrency)
                .backoffBase(Duration.ofMillis(backoffMillis)).busyBackoffBase(Duration.ofMillis(busyBackoffMillis))
                .waitForUpdates(wait.enabled).waitPollInterval(wait.pollInterval()).waitTimeout(wait.timeout())
                .sessionDurationSeconds(sessionDuration).allowUnknownRegions(allowUnknownRegions)
                .build();
    }

    /** --report-dir, or reports/<run id>-<mode>/; absolute. */
    Path reportDir(Mode mode, String runId) {
        return (reportDir != null ? reportDir : Path.of("reports", runId + "-" + mode.name().toLowerCase())).toAbsolutePath();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }
}
