package dev.eksidp.cli;

import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-checks every DISASSOCIATED row of a finished apply run against the live state (read calls "
                + "only) and writes verify.csv and verify-summary.md. Verified means the provider config is no longer "
                + "on the cluster (or the cluster is gone); a config still DELETING is IN_PROGRESS, not verified.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every DISASSOCIATED row verified", "2:some rows not verified (see verify-summary.md)",
                "64:usage error (no such report)"})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--report", paramLabel = "DIR", required = true, description = "The report directory of an apply run.")
    Path report;

    @Option(names = "--out", paramLabel = "DIR", description = "Where verify.csv and verify-summary.md go (default: the report directory).")
    Path out;

    @picocli.CommandLine.Mixin
    RoleOptions role;

    @Option(names = "--eks-rate", paramLabel = "N", defaultValue = "5", description = "EKS requests/s per account and region (default: ${DEFAULT-VALUE}).")
    double eksRate;

    @picocli.CommandLine.Mixin
    MetricsOptions metrics;

    private final CliEnvironment env;
    private final Clock clock;

    VerifyCommand(CliEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        return metrics.around("verify", env.out(), this::verify);
    }

    private int verify() throws Exception {
        if (!Files.isRegularFile(report.resolve("report.jsonl"))) {
            throw new UsageException(report + " is not the report directory of an apply run (no report.jsonl)");
        }
        if (!(eksRate > 0)) {
            throw new UsageException("--eks-rate must be > 0");
        }
        List<Map.Entry<dev.eksidp.remediation.Target, String>> rows;
        try {
            rows = Verifier.disassociatedRows(report);
        } catch (IOException e) {
            throw new UsageException("cannot read " + report.resolve("report.jsonl") + ": " + e.getMessage());
        }
        AwsSettings aws = new AwsSettings(role.roleArns(),
                "eks-idp-verify-" + clock.instant().getEpochSecond(), role.externalId, 3600,
                RatePolicy.fixed(eksRate, Math.max(1, Math.ceil(eksRate))), RatePolicy.fixed(10, 10),
                RetryPolicy.of(6, Duration.ofMillis(250)), 96);
        List<Verifier.Check> checks = new Verifier(aws, clock).verify(rows, env.terminal(), env.err());
        Path dir = out != null ? out : report;
        Verifier.write(dir, report, checks);
        long verified = checks.stream().filter(Verifier.Check::verified).count();
        metrics.rows(checks.stream().collect(java.util.stream.Collectors.groupingBy(c -> String.valueOf(c.verdict()),
                java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        env.out().printf("Verified %d of %d DISASSOCIATED rows.%nReport: %s%nSummary: %s%n", verified, checks.size(),
                dir.resolve(Verifier.CSV), dir.resolve(Verifier.SUMMARY));
        return verified == checks.size() ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
    }
}
