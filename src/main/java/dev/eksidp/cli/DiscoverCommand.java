package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.discovery.DiscoveryJobConfiguration;
import dev.eksidp.discovery.DiscoveryReport;
import dev.eksidp.discovery.DiscoverySettings;
import dev.eksidp.discovery.DiscoveryStore;
import dev.eksidp.aws.RoleArns;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Command(name = "discover",
        description = {"Finds the clusters that carry an identity provider config: assumes the role in each account "
                + "(same credentials layer and rate limits as apply), lists the clusters of each region and their "
                + "identity provider configs (read calls only), and writes a targets CSV ready for plan, plus "
                + "discovery.csv and discovery-summary.md (accounts scanned, regions, clusters seen, matches, "
                + "accounts that could not be read and why).",
                "--all-regions scans, in each account, the regions it has enabled where EKS is offered (see README).", ""},
        exitCodeList = {"0:every account and region was read", "1:the run failed or was stopped; discover --resume continues it",
                "2:finished, but some accounts or regions could not be read (see discovery-summary.md)",
                "64:usage error; nothing was done", "75:another process holds the job repository", ExitCodes.HELP_RUN_CONFIG})
final class DiscoverCommand extends Subcommand {

    DiscoverCommand(CliEnvironment env) {
        super(env);
    }

    @Mixin
    ScopeOptions scope;

    @Option(names = "--issuer-url", paramLabel = "URL", description = "Match configs whose OIDC issuer is URL (one DescribeIdentityProviderConfig per config).")
    String issuerUrl;

    @Option(names = "--provider-name", paramLabel = "NAME", description = "Match configs named NAME (with --issuer-url: both must match).")
    String providerName;

    @Option(names = "--out", paramLabel = "FILE", description = "The targets CSV to write.")
    Path out;

    /** The role needs eks:ListClusters, eks:ListIdentityProviderConfigs and eks:DescribeIdentityProviderConfig. */
    @Mixin
    RoleOptions role;

    @Option(names = "--session-name", paramLabel = "NAME", description = "Role session name (default: eks-idp-discovery-<run id>).")
    String sessionName;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where discovery.csv and discovery-summary.md go (default: reports/<run id>-discover/).")
    Path reportDir;

    @Mixin
    ScanPacingOptions pacing;

    @Option(names = "--resume", description = "Continue the latest unfinished discovery run with its original parameters.")
    boolean resume;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        return common.metrics.around("discover", env.out(), resume ? this::resumeLatest : this::discover);
    }

    private int discover() throws Exception {
        String runId = RunIds.next(env.clock());
        DiscoverySettings settings = toSettings(runId);
        common.aws.preFlight(env);
        settings = settings.withAccountsFile(scope.accountsFile(Path.of(settings.reportDir()), settings.aws(), env.clock(),
                env.out()).toString());
        try (BatchContext batch = BatchContext.open(common.repository, env, 64, DiscoveryJobConfiguration.class)) {
            env.out().printf("Discovery %s: %s in %s, writing %s%n", runId, settings.criteria(),
                    settings.allRegions() ? "each account's enabled regions" : settings.regions().size() + " region(s)",
                    settings.outFile());
            JobExecution execution = batch.operator().start(batch.job(), RunParameters.of(settings));
            return finish(batch, execution);
        }
    }

    private int resumeLatest() throws Exception {
        common.aws.preFlight(env);
        try (BatchContext batch = BatchContext.open(common.repository, env, 64, DiscoveryJobConfiguration.class)) {
            JobRepository repo = batch.repository();
            for (JobInstance instance : repo.getJobInstances(DiscoveryJobConfiguration.JOB_NAME, 0, 100)) {
                JobExecution last = repo.getLastJobExecution(instance);
                if (last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED) {
                    if (last.getStatus().isRunning()) {
                        batch.operator().recover(last);
                    }
                    env.out().printf("Resuming discovery, execution %d%n", last.getId());
                    return finish(batch, batch.operator().restart(last));
                }
            }
            throw new UsageException("no unfinished discovery run to resume in " + common.repository.url());
        }
    }

    private int finish(BatchContext batch, JobExecution execution) {
        DiscoverySettings s = RunParameters.discovery(execution.getJobParameters());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            env.out().printf("Discovery %s ended %s (execution %d); continue with:%n  %s%n", s.runId(), execution.getStatus(),
                    execution.getId(), env.resumeHint(common.repository, common.aws).again(List.of("discover", "--resume")));
            execution.getAllFailureExceptions().stream().findFirst().ifPresent(e -> env.out().println("Cause: " + e.getMessage()));
            return ExitCodes.RESUMABLE;
        }
        DiscoveryStore store = batch.bean(DiscoveryStore.class);
        long matches = store.countMatches(s.runId());
        long unreadable = store.countUnreadable(s.runId());
        Path dir = Path.of(s.reportDir());
        env.out().printf("Matches: %d, written to %s%nSummary: %s%n", matches, s.outFile(), dir.resolve(DiscoveryReport.SUMMARY_FILE));
        common.metrics.rows(Map.of("MATCHED", matches, "UNREADABLE", unreadable));
        if (unreadable > 0) {
            env.out().printf("%d account/region(s) could not be read; clusters there are not in the targets file "
                    + "(see the summary).%n", unreadable);
            return ExitCodes.NEEDS_ATTENTION;
        }
        return ExitCodes.OK;
    }

    DiscoverySettings toSettings(String runId) {
        scope.check();
        boolean allRegions = scope.allRegions();
        if (issuerUrl == null && providerName == null) {
            throw new UsageException("missing --issuer-url URL or --provider-name NAME");
        }
        if (issuerUrl != null && !issuerUrl.startsWith("https://")) {
            throw new UsageException("--issuer-url must start with https://");
        }
        if (out == null) {
            throw new UsageException("missing --out FILE");
        }
        pacing.check();
        RoleArns roles = role.roleArns();
        String session = RunIds.sessionName(sessionName, "eks-idp-discovery", runId);
        Path reports = (reportDir != null ? reportDir : Path.of("reports", runId + "-discover")).toAbsolutePath();
        return new DiscoverySettings(runId, null, allRegions, scope.regionList(), issuerUrl,
                providerName, out.toAbsolutePath().toString(), reports.toString(), roles.roleName(), roles.template(),
                role.externalId, session, pacing.eksRate, pacing.stsRate, pacing.maxAttempts, 32, pacing.backoff());
    }
}
