package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.plan.PlanSeal;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.eksidp.cli.CliTestSupport.readCsv;
import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * summary.json (checked against report.csv) and the --metrics-file (parsed as Prometheus text format), for a
 * finished apply, a stopped one, a verify, a discover and a usage error, with the real CLI against the simulator.
 */
class MachineReadableOutputsTest {

    static final String A = "111111111111";
    static final String DENIED = "222222222222";
    static final String PROTECTED = "333333333333";
    static final String R = "us-east-1";

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;

    @Test
    void summaryJsonAndMetricsSayWhatTheReportSays() throws Exception {
        sim = Simulator.start(Fleet.of(List.of(
                Account.of(A, Cluster.of(R, "c0", IdentityProvider.oidc("okta")), Cluster.of(R, "c1", IdentityProvider.oidc("okta"))),
                new Account(DENIED, null, null, true, List.of(Cluster.of(R, "c0", IdentityProvider.oidc("okta")))),
                Account.of(PROTECTED, Cluster.of(R, "c0", IdentityProvider.oidc("okta"))))).withUpdateDurationMs(100), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), List.of(row(A, R, "c0", "okta"),
                row(A, R, "c1", "okta"), row(A, R, "gone", "okta"), row(DENIED, R, "c0", "okta"),
                row(PROTECTED, R, "c0", "okta"), row("12345", R, "c0", "okta"), row(A, R, "c0", "okta")));
        Path reports = dir.resolve("apply");
        Path metrics = dir.resolve("metrics/apply.prom");
        Instant before = Instant.now();
        var apply = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets.toString(), "--report-dir",
                reports.toString(), "--protect-account-ids", PROTECTED, "--eks-rate", "20", "--job-repository",
                CliTestSupport.repository(dir), "--metrics-file", metrics.toString());
        Instant after = Instant.now();
        assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);

        List<Map<String, String>> report = readCsv(reports.resolve("report.csv"));
        JsonNode summary = new ObjectMapper().readTree(reports.resolve("summary.json").toFile());
        assertThat(summary.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(summary.get("runId").asText()).isEqualTo(runId(apply.out()));
        assertThat(summary.get("mode").asText()).isEqualTo("apply");
        assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(apply.exit());
        // Who started it, where, with which version and command line (as EIR_RUN keeps it), and its retries.
        assertThat(summary.get("origin").get("host").asText()).isNotBlank();
        assertThat(summary.get("origin").get("osUser").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(summary.get("origin").get("toolVersion").asText()).isEqualTo(RootCommand.VERSION);
        assertThat(summary.get("origin").get("commandLine").asText())
                .startsWith("eks-idp-remediation apply --yes --targets " + targets);
        assertThat(summary.get("retries").get("retries").asLong()).isNotNegative();
        assertThat(summary.get("retries").get("eksThrottles").asLong()).isNotNegative();
        assertThat(summary.get("retries").get("stsThrottles").asLong()).isNotNegative();
        assertThat(Files.readString(reports.resolve("summary.md"))).contains("## Run", "- Exit code: 2 (rows need attention)",
                "- Started by: " + System.getProperty("user.name") + " on ");
        assertThat(summary.get("targetsFile").asText()).isEqualTo(targets.toAbsolutePath().toString());
        assertThat(summary.get("targetsSha256").asText()).isEqualTo(PlanSeal.sha256(targets));
        assertThat(summary.get("rows").get("total").asLong()).isEqualTo(report.size());
        assertThat(counts(summary.get("outcomes"))).isEqualTo(countBy(report, r -> r.get("outcome")))
                .containsEntry("DISASSOCIATED", 2L).containsEntry("ACCESS_DENIED", 1L).containsEntry("BLOCKED", 1L)
                .containsEntry("INVALID_TARGET", 1L).containsEntry("DUPLICATE", 1L).containsEntry("CLUSTER_NOT_FOUND", 1L);
        Map<String, Map<String, Long>> perAccount = new TreeMap<>();
        summary.get("accounts").properties().forEach(e -> perAccount.put(e.getKey(), counts(e.getValue())));
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (Map<String, String> r : report) {
            String account = r.get("account_id").matches("[0-9]{12}") ? r.get("account_id") : "(invalid account_id)";
            expected.computeIfAbsent(account, k -> new TreeMap<>()).merge(r.get("outcome"), 1L, Long::sum);
        }
        assertThat(perAccount).isEqualTo(expected);
        List<String> attention = new ArrayList<>();
        summary.get("needsAttention").forEach(p -> attention.add(p.get("line").asText() + ":" + p.get("outcome").asText()));
        assertThat(attention).containsExactlyElementsOf(report.stream()
                .filter(r -> List.of("FAILED", "ACCESS_DENIED", "INVALID_TARGET", "BLOCKED").contains(r.get("outcome")))
                .map(r -> r.get("line") + ":" + r.get("outcome")).toList());
        assertThat(summary.get("rails").get("set").toString()).contains("--protect-accounts");
        assertThat(summary.get("rails").get("fired").toString()).isEqualTo("[\"--protect-accounts\"]");
        assertThat(summary.get("rates").get("eksPerSecondPerBucket").asDouble()).isEqualTo(20.0);
        assertThat(summary.get("rates").get("eksMode").asText()).isEqualTo("fixed");
        // No --sts-rate: the STS rate is found, from its safe start.
        assertThat(summary.get("rates").get("stsMode").asText()).isEqualTo("found");
        assertThat(summary.get("rates").get("stsStartPerSecond").asDouble()).isEqualTo(10.0);
        assertThat(summary.get("rates").has("stsPerSecond")).isFalse();
        // What the run reached: the most requests accepted in one second, in the busiest bucket and for STS.
        assertThat(summary.get("rates").get("eksReachedPerSecond").asInt()).isBetween(1, 40);
        assertThat(summary.get("rates").get("eksReachedBucket").asText()).matches("[0-9]{12}/[a-z0-9-]+");
        assertThat(summary.get("rates").get("eksLimiterPeakPerSecond").asDouble()).isLessThanOrEqualTo(20.0);
        assertThat(summary.get("rates").get("stsReachedPerSecond").asInt()).isPositive();
        Instant start = Instant.parse(summary.get("timings").get("start").asText());
        Instant end = Instant.parse(summary.get("timings").get("end").asText());
        assertThat(start).isBeforeOrEqualTo(end);
        assertThat(summary.get("timings").get("durationSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(summary.get("resumeCommand").isNull()).isTrue();
        List<String> files = new ArrayList<>();
        summary.get("reports").forEach(f -> files.add(f.asText()));
        assertThat(files).contains("report.csv", "report.jsonl", "summary.md", "summary.json", "protected-accounts.txt");
        files.forEach(f -> assertThat(reports.resolve(f)).exists());
        assertThat(Files.getPosixFilePermissions(reports.resolve("summary.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Map<String, Double> m = PrometheusText.parse(Files.readString(metrics));
        for (String outcome : List.of("DISASSOCIATED", "ACCESS_DENIED", "BLOCKED", "WOULD_DISASSOCIATE")) {
            assertThat(m.get("eksidp_rows{mode=\"apply\",outcome=\"" + outcome + "\"}")).as(outcome)
                    .isEqualTo(countBy(report, r -> r.get("outcome")).getOrDefault(outcome, 0L).doubleValue());
        }
        assertThat(m.get("eksidp_exit_code{mode=\"apply\"}")).isEqualTo(2.0);
        // Every request the simulator answered was counted, per service, and none more.
        assertThat(m.get("eksidp_aws_requests{mode=\"apply\",service=\"eks\"}")).isEqualTo((double) sim.stats().eksCalls());
        assertThat(m.get("eksidp_aws_requests{mode=\"apply\",service=\"sts\"}")).isEqualTo((double) sim.stats().stsCalls());
        assertThat(m.get("eksidp_aws_throttles{mode=\"apply\",service=\"eks\"}")).isEqualTo((double) sim.stats().eksThrottles());
        double last = m.get("eksidp_last_run_timestamp_seconds{mode=\"apply\"}");
        assertThat(last).isBetween(before.toEpochMilli() / 1000.0 - 1, after.toEpochMilli() / 1000.0 + 1);
        assertThat(m.get("eksidp_last_success_timestamp_seconds{mode=\"apply\"}")).isEqualTo(last);
        assertThat(m.get("eksidp_run_duration_seconds{mode=\"apply\"}")).isBetween(0.0, (double) java.time.Duration.between(before, after).toSeconds() + 1);
        assertThat(m).containsKey("eksidp_last_run_info{mode=\"apply\",run_id=\"" + runId(apply.out()) + "\"}");
        assertThat(Files.getPosixFilePermissions(metrics)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // verify: rows per verdict.
        Path verifyMetrics = dir.resolve("metrics/verify.prom");
        var verify = CliTestSupport.run(sim, "verify", "--report", reports.toString(), "--metrics-file", verifyMetrics.toString());
        Map<String, Double> v = PrometheusText.parse(Files.readString(verifyMetrics));
        assertThat(v.get("eksidp_exit_code{mode=\"verify\"}")).isEqualTo((double) verify.exit());
        assertThat(v.entrySet().stream().filter(e -> e.getKey().startsWith("eksidp_rows{")).mapToDouble(Map.Entry::getValue).sum())
                .isEqualTo(2.0);

        // discover: the configs it matched and the account/region pairs it could not read.
        Path discoverMetrics = dir.resolve("metrics/discover.prom");
        var discover = CliTestSupport.run(sim, "discover", "--account-ids", DENIED + "," + PROTECTED, "--regions", R,
                "--provider-name", "okta", "--out", dir.resolve("found.csv").toString(), "--report-dir",
                dir.resolve("discover").toString(), "--job-repository", CliTestSupport.repository(dir),
                "--metrics-file", discoverMetrics.toString());
        assertThat(discover.exit()).as(discover.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        Map<String, Double> d = PrometheusText.parse(Files.readString(discoverMetrics));
        assertThat(d.get("eksidp_rows{mode=\"discover\",outcome=\"MATCHED\"}")).isEqualTo(1.0);
        assertThat(d.get("eksidp_rows{mode=\"discover\",outcome=\"UNREADABLE\"}")).isEqualTo(1.0);
        assertThat(d.get("eksidp_exit_code{mode=\"discover\"}")).isEqualTo(2.0);

        // A usage error is recorded too: exit 64, and no success to report.
        Path failed = dir.resolve("metrics/failed.prom");
        var usage = CliTestSupport.run(sim, "plan", "--targets", dir.resolve("missing.csv").toString(),
                "--metrics-file", failed.toString(), "--job-repository", CliTestSupport.repository(dir));
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
        Map<String, Double> u = PrometheusText.parse(Files.readString(failed));
        assertThat(u.get("eksidp_exit_code{mode=\"plan\"}")).isEqualTo(64.0);
        assertThat(u.keySet()).noneMatch(k -> k.startsWith("eksidp_last_success"));
    }

    @Test
    void aStoppedRunSaysSoInSummaryJsonAndTheMetricsKeepTheLastSuccess() throws Exception {
        List<Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int a = 0; a < 12; a++) {
            String id = "1000000000%02d".formatted(a);
            accounts.add(new Account(id, null, null, a < 10, List.of(Cluster.of(R, "c0", IdentityProvider.oidc("okta")))));
            rows.add(row(id, R, "c0", "okta"));
        }
        sim = Simulator.start(Fleet.of(accounts), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path metrics = dir.resolve("apply.prom");
        String repo = CliTestSupport.repository(dir);
        var plan = CliTestSupport.run(sim, "plan", "--targets", targets.toString(), "--report-dir",
                dir.resolve("plan").toString(), "--job-repository", repo, "--metrics-file", metrics.toString());
        assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        double success = PrometheusText.parse(Files.readString(metrics)).get("eksidp_last_success_timestamp_seconds{mode=\"plan\"}");

        Path reports = dir.resolve("apply");
        var apply = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets.toString(), "--report-dir",
                reports.toString(), "--max-failures", "2", "--max-concurrency", "1", "--job-repository", repo,
                "--metrics-file", metrics.toString());
        assertThat(apply.exit()).as(apply.toString()).isEqualTo(ExitCodes.RESUMABLE);
        JsonNode summary = new ObjectMapper().readTree(reports.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("STOPPED");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(1);
        assertThat(summary.get("origin").get("commandLine").asText()).contains("apply --yes --targets");
        // The stopped execution's rate limiters are gone when its interim summary is written.
        assertThat(summary.get("retries").get("eksThrottles").isNull()).isTrue();
        assertThat(summary.get("statusDetail").asText()).contains("error budget exceeded");
        assertThat(summary.get("resumeCommand").asText()).contains("resume --execution-id");
        assertThat(summary.get("rails").get("fired").toString()).contains("--max-failures");
        assertThat(summary.get("reports").toString()).doesNotContain("report.csv");

        Map<String, Double> m = PrometheusText.parse(Files.readString(metrics));
        assertThat(m.get("eksidp_exit_code{mode=\"apply\"}")).isEqualTo(1.0);
        assertThat(m.get("eksidp_rows{mode=\"apply\",outcome=\"ACCESS_DENIED\"}")).isGreaterThan(2.0);
        // The file is replaced: the plan's series are gone, its last success is carried over.
        assertThat(m.keySet()).noneMatch(k -> k.contains("mode=\"plan\""));
        assertThat(m.get("eksidp_last_success_timestamp_seconds{mode=\"apply\"}")).isEqualTo(success);
        assertThat(m.get("eksidp_last_run_timestamp_seconds{mode=\"apply\"}")).isGreaterThanOrEqualTo(success);
    }

    private static String runId(String out) {
        return out.lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow().split(" ")[1];
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static Map<String, Long> countBy(List<Map<String, String>> rows, java.util.function.Function<Map<String, String>, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
        return counts;
    }

    /**
     * A strict reader of the Prometheus text format (0.0.4) as far as the file uses it: HELP and TYPE before a
     * metric's samples, one TYPE per metric, samples {@code name{label="value",...} number}, no duplicate series.
     * Returns series (name with its labels, as written) to value.
     */
    static final class PrometheusText {

        private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        private static final Pattern SAMPLE = Pattern.compile(
                "(" + NAME + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,(?!}))?)*})? (\\S+)");
        private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
        private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");

        static Map<String, Double> parse(String text) {
            assertThat(text).endsWith("\n");
            Map<String, String> types = new HashMap<>();
            Map<String, Double> series = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    assertThat(types.put(type.group(1), type.group(2))).as("one TYPE per metric: " + line).isNull();
                    continue;
                }
                if (HELP.matcher(line).matches()) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as("a sample line: '%s'", line).isTrue();
                assertThat(types).as("TYPE before the samples of " + sample.group(1)).containsKey(sample.group(1));
                String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
                assertThat(series.put(key, Double.parseDouble(sample.group(3)))).as("duplicate series " + key).isNull();
            }
            return series;
        }
    }
}
