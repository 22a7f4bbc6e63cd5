package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.discovery.DiscoveryJobConfiguration;
import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RoleArns;
import dev.eksidp.discovery.DiscoverySettings;
import dev.eksidp.discovery.DiscoveryStore;
import dev.eksidp.remediation.Mode;
import dev.eksidp.report.SummaryJson;
import dev.eksidp.verify.ScopeVerdict;
import dev.eksidp.verify.Verifier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@Command(name = "verify",
        description = {"Re-checks every DISASSOCIATED row of a finished apply run against the live state (read calls "
                + "only) and writes verify.csv and verify-summary.md. Verified means the provider config is no longer "
                + "on the cluster (or the cluster is gone); a config still DELETING is IN_PROGRESS, not verified.",
                "With --issuer-url, re-scans the whole scope instead (the accounts and regions options of discover) and "
                        + "writes verify-scope.md: clean only when every account and region was read and no cluster "
                        + "trusts the issuer; --plan (and --report) also list the plan rows apply did not act on.", ""},
        exitCodeList = {"0:every DISASSOCIATED row verified (--issuer-url: the scope is clean)",
                "1:the re-scan failed or was stopped; run verify again",
                "2:some rows not verified, or (--issuer-url) something needs attention (see the summary)",
                "64:usage error (no such report)", ExitCodes.HELP_RUN_CONFIG})
final class VerifyCommand extends Subcommand {

    VerifyCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--report", paramLabel = "DIR", description = "The report directory of an apply run.")
    Path report;

    @Option(names = "--issuer-url", paramLabel = "URL", description = "Re-scan the scope for clusters that still trust this issuer.")
    String issuerUrl;

    @Option(names = "--plan", paramLabel = "DIR", description = "With --issuer-url: the reviewed plan; its rows apply did not act on are listed.")
    Path plan;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--out", paramLabel = "DIR", description = "Where verify.csv and verify-summary.md go (default: the report directory).")
    Path out;

    @Mixin
    RoleOptions role;

    @Mixin
    ScanPacingOptions pacing;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        return common.metrics.around("verify", env.out(), this::verify);
    }

    private int verify() throws Exception {
        if (issuerUrl != null) {
            return verifyScope();
        }
        if (report == null) {
            throw new UsageException("missing --report DIR (an apply run's report directory) or --issuer-url URL");
        }
        requireApplyReport(report);
        pacing.check();
        List<Verifier.AppliedRow> rows;
        try {
            rows = Verifier.disassociatedRows(report);
        } catch (IOException e) {
            throw new UsageException("cannot read " + report.resolve("report.jsonl") + ": " + e.getMessage());
        }
        common.aws.preFlight(env);
        AwsSettings scan = AwsSettings.scan(role.roleArns(), "eks-idp-verify-" + env.clock().instant().getEpochSecond(),
                role.externalId, pacing.eksRate, pacing.stsRate, pacing.maxAttempts, pacing.backoff(), 96);
        List<Verifier.Check> checks = new Verifier(scan, env.clock()).verify(rows, env.terminal(), env.err());
        Path dir = out != null ? out : report;
        Verifier.write(dir, report, checks);
        long verified = checks.stream().filter(Verifier.Check::verified).count();
        common.metrics.rows(checks.stream().collect(java.util.stream.Collectors.groupingBy(c -> String.valueOf(c.verdict()),
                java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        env.out().printf("Verified %d of %d DISASSOCIATED rows.%nReport: %s%nSummary: %s%n", verified, checks.size(),
                dir.resolve(Verifier.CSV), dir.resolve(Verifier.SUMMARY));
        return verified == checks.size() ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
    }

    /** Re-scans the scope with the discovery job, then judges it (see ScopeVerdict). */
    private int verifyScope() throws Exception {
        if (!issuerUrl.startsWith("https://")) {
            throw new UsageException("--issuer-url must start with https://");
        }
        if (report != null) {
            requireApplyReport(report);
        }
        if (plan != null && !Files.isRegularFile(plan.resolve("plan.jsonl"))) {
            throw new UsageException(plan + " is not a plan directory (no plan.jsonl)");
        }
        pacing.check();
        scope.check();
        String runId = RunIds.next(env.clock());
        Path dir = (out != null ? out : Path.of("reports", runId + "-verify")).toAbsolutePath();
        RoleArns roles = role.roleArns();
        DiscoverySettings settings = new DiscoverySettings(runId, null, scope.allRegions(), scope.regionList(), issuerUrl,
                null, dir.resolve("still-trusting.csv").toString(), dir.toString(), roles.roleName(), roles.template(),
                role.externalId, "eks-idp-verify-" + runId, pacing.eksRate, pacing.stsRate, pacing.maxAttempts, 32, pacing.backoff());
        common.aws.preFlight(env);
        settings = settings.withAccountsFile(scope.accountsFile(dir, settings.aws(), env.clock(), env.out()).toString());
        try (BatchContext batch = BatchContext.open(common.repository, env, 64, DiscoveryJobConfiguration.class)) {
            JobExecution execution = batch.operator().start(batch.job(), RunParameters.of(settings));
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                env.out().printf("The re-scan ended %s; run verify again.%n", execution.getStatus());
                return ExitCodes.RESUMABLE;
            }
            ScopeVerdict.Result result = ScopeVerdict.of(batch.bean(DiscoveryStore.class), runId, plan, report);
            ScopeVerdict.write(dir, issuerUrl, result);
            result.attention().forEach(line -> env.out().println("NEEDS ATTENTION: " + line));
            env.out().printf("%s%nSummary: %s%n", result.clean()
                    ? "Scope clean: every account and region read, no cluster trusts the issuer."
                    : "The scope needs attention.", dir.resolve(ScopeVerdict.SUMMARY));
            return result.clean() ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
        }
    }

    /**
     * An apply run's report directory, or a usage error saying what it is instead: a restore's report.jsonl has no
     * DISASSOCIATED row, and "verified 0 of 0" (exit 0) would read as a clean bill.
     */
    private static void requireApplyReport(Path dir) {
        if (!Files.isRegularFile(dir.resolve("report.jsonl"))) {
            throw new UsageException(dir + " is not the report directory of an apply run (no report.jsonl)");
        }
        Optional<Mode> mode;
        try {
            mode = SummaryJson.mode(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read " + dir.resolve(SummaryJson.FILE_NAME) + ": " + e.getMessage());
        }
        if (mode.isPresent() && mode.get() != Mode.APPLY) {
            throw new UsageException(dir + " is the report of a " + mode.get().name().toLowerCase(Locale.ROOT)
                    + " run; verify checks what an apply run removed: give the apply's report directory");
        }
    }
}
