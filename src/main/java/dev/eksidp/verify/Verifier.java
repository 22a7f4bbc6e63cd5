package dev.eksidp.verify;

import dev.eksidp.stop.StopSignal;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.AwsSettings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eksidp.aws.RoleAssumptionException;
import dev.eksidp.discovery.ProviderMatcher;
import io.github.resilience4j.retry.Retry;
import dev.eksidp.remediation.EksGateway;
import dev.eksidp.remediation.EksGateways;
import dev.eksidp.remediation.Target;
import dev.eksidp.output.FormulaGuard;
import dev.eksidp.output.JsonLines;
import dev.eksidp.output.Markdown;
import dev.eksidp.output.OwnerOnlyFiles;
import dev.eksidp.progress.Heartbeat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Re-checks every DISASSOCIATED row of a finished apply run (read from its report.jsonl) against the live state.
 *
 * <p>What counts as verified: the provider config is no longer on the cluster (VERIFIED), or the cluster itself is
 * gone (VERIFIED_CLUSTER_GONE). A provider still DELETING, its update InProgress, is IN_PROGRESS: not verified
 * yet (run verify again later, or apply with --wait next time); an ACTIVE provider is NOT_REMOVED; a check that
 * could not be made is CHECK_FAILED. When the apply kept what it removed (report.jsonl's removed_config), a config
 * associated again since (the same name with a new ARN, or the removed issuer under any name) is REAPPEARED: the
 * compromised issuer came back. Read calls only, paced per (account, region) like the job.
 */
public final class Verifier {

    public static final String CSV = "verify.csv";
    public static final String SUMMARY = "verify-summary.md";
    public static final String VERIFIED = "VERIFIED";
    public static final String VERIFIED_CLUSTER_GONE = "VERIFIED_CLUSTER_GONE";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String NOT_REMOVED = "NOT_REMOVED";
    public static final String CHECK_FAILED = "CHECK_FAILED";
    public static final String REAPPEARED = "REAPPEARED";

    /** A DISASSOCIATED row of the apply's report, with what it removed (null issuer and ARN when not kept). */
    public record AppliedRow(Target target, String updateId, String removedIssuerUrl, String removedArn) {
    }

    /** One checked row. */
    public record Check(long line, String accountId, String region, String clusterName, String providerType,
                        String providerName, String updateId, String verdict, String providerStatus,
                        String updateStatus, String detail) {
        public boolean verified() {
            return VERIFIED.equals(verdict) || VERIFIED_CLUSTER_GONE.equals(verdict);
        }
    }

    private final AwsSettings aws;
    private final Retry retry;
    private final Clock clock;

    public Verifier(AwsSettings aws, Clock clock) {
        this.aws = aws;
        this.retry = aws.retry().forCalls("verify");
        this.clock = clock;
    }

    /** The DISASSOCIATED rows of the run's report.jsonl, as targets, with their update ids and what they removed. */
    public static List<AppliedRow> disassociatedRows(Path reportDir) throws IOException {
        List<AppliedRow> rows = new ArrayList<>();
        JsonLines.forEach(reportDir.resolve("report.jsonl"), o -> {
            if ("DISASSOCIATED".equals(o.path("outcome").asText())) {
                Target t = new Target(o.path("line").asLong(), o.path("account_id").asText(), o.path("region").asText(),
                        o.path("cluster_name").asText(), o.path("provider_type").asText(),
                        o.path("provider_name").asText(), null);
                JsonNode removed = o.path("removed_config");
                rows.add(new AppliedRow(t, o.path("update_id").isTextual() ? o.path("update_id").asText() : "",
                        removed.path("issuerUrl").isTextual() ? removed.path("issuerUrl").asText() : null,
                        removed.path("arn").isTextual() ? removed.path("arn").asText() : null));
            }
        });
        return rows;
    }

    /** Checks the rows, with a progress line ({@link Heartbeat}) on {@code out} or in the log while it goes. */
    public List<Check> verify(List<AppliedRow> rows, boolean terminal, PrintStream out) throws Exception {
        Map<String, LongAdder> verdicts = new java.util.concurrent.ConcurrentSkipListMap<>();
        long start = System.nanoTime();
        try (Heartbeat heartbeat = Heartbeat.start(terminal, out, () -> "verify: " + verdicts.values().stream()
                .mapToLong(LongAdder::sum).sum() + "/" + rows.size() + " rows checked; so far " + verdicts.entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue().sum()).collect(java.util.stream.Collectors.joining(", "))
                + "; elapsed " + Heartbeat.duration((System.nanoTime() - start) / 1_000_000_000L))) {
            return verify(rows, check -> verdicts.computeIfAbsent(check.verdict(), k -> new LongAdder()).increment());
        }
    }

    private List<Check> verify(List<AppliedRow> rows, java.util.function.Consumer<Check> done) throws Exception {
        StopSignal neverStops = new StopSignal();
        try (AwsSessions sessions = new AwsSessions(aws, neverStops, clock);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            EksGateways gateways = new EksGateways(sessions);
            Semaphore inFlight = new Semaphore(64);
            List<Future<Check>> futures = new ArrayList<>();
            for (AppliedRow row : rows) {
                futures.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        Check check = check(gateways, row);
                        done.accept(check);
                        return check;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Check> checks = new ArrayList<>(futures.size());
            for (Future<Check> f : futures) {
                checks.add(f.get());
            }
            return checks;
        }
    }

    private Check check(EksGateways gateways, AppliedRow row) {
        Target t = row.target();
        String updateId = row.updateId();
        try {
            return retry.executeSupplier(() -> checkOnce(gateways.forTarget(t), row));
        } catch (RoleAssumptionException e) {
            return check(t, updateId, CHECK_FAILED, "", "", e.errorCode() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return check(t, updateId, CHECK_FAILED, "", "", AwsErrors.code(e) + ": " + AwsErrors.message(e));
        }
    }

    private Check checkOnce(EksGateway eks, AppliedRow row) {
        Target t = row.target();
        String updateId = row.updateId();
        var provider = eks.describeProvider(t);
        if (provider.isEmpty()) {
            boolean clusterGone = eks.clusterStatus(t.clusterName()).isEmpty();
            Optional<String> backUnderOtherName = clusterGone ? Optional.empty() : issuerBack(eks, t, row.removedIssuerUrl());
            if (backUnderOtherName.isPresent()) {
                return check(t, updateId, REAPPEARED, "", "", "the removed issuer " + row.removedIssuerUrl()
                        + " is on the cluster again, as config " + backUnderOtherName.get());
            }
            return check(t, updateId, clusterGone ? VERIFIED_CLUSTER_GONE : VERIFIED, "", "",
                    clusterGone ? "the cluster no longer exists" : "the provider config is no longer associated");
        }
        String status = provider.get().statusAsString();
        if (row.removedArn() != null && !row.removedArn().equals(provider.get().identityProviderConfigArn())) {
            return check(t, updateId, REAPPEARED, status, "", "associated again since the removal (new ARN "
                    + provider.get().identityProviderConfigArn() + ", issuer " + provider.get().issuerUrl() + ")");
        }
        String updateStatus = "";
        if (updateId != null && !updateId.isEmpty()) {
            updateStatus = eks.describeUpdate(t.clusterName(), updateId).statusAsString();
        }
        if ("DELETING".equals(status)) {
            return check(t, updateId, IN_PROGRESS, status, updateStatus,
                    "still DELETING; run verify again once the update has ended");
        }
        return check(t, updateId, NOT_REMOVED, status, updateStatus, "the provider config is " + status + " on the cluster");
    }

    /** The name of a config on the cluster whose issuer is the removed one (a cluster has one OIDC config at most). */
    private static Optional<String> issuerBack(EksGateway eks, Target t, String removedIssuer) {
        if (removedIssuer == null) {
            return Optional.empty();
        }
        ProviderMatcher issuer = new ProviderMatcher(removedIssuer, null);
        for (String name : eks.providerNames(t.clusterName())) {
            Target other = new Target(t.line(), t.accountId(), t.region(), t.clusterName(), t.providerType(), name, null);
            if (eks.describeProvider(other).filter(c -> issuer.issuerMatches(c.issuerUrl())).isPresent()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Check check(Target t, String updateId, String verdict, String providerStatus, String updateStatus,
                               String detail) {
        return new Check(t.line(), t.accountId(), t.region(), t.clusterName(), t.providerType(), t.providerName(),
                updateId, verdict, providerStatus, updateStatus, detail);
    }

    /** Writes verify.csv and verify-summary.md into dir, owner-only and each file at once. */
    public static void write(Path dir, Path reportDir, List<Check> checks) throws IOException {
        OwnerOnlyFiles.createDirectories(dir);
        OwnerOnlyFiles.writeAtomically(dir.resolve(CSV), w -> {
            ICSVWriter csv = new CSVWriterBuilder(w).withLineEnd("\n").build();
            csv.writeNext(new String[] {"line", "account_id", "region", "cluster_name", "provider_type",
                    "provider_name", "update_id", "verdict", "provider_status", "update_status", "detail"}, false);
            for (Check c : checks) {
                csv.writeNext(Stream.of(Long.toString(c.line()), c.accountId(), c.region(), c.clusterName(),
                        c.providerType(), c.providerName(), c.updateId(), c.verdict(), c.providerStatus(),
                        c.updateStatus(), c.detail()).map(FormulaGuard::neutralise).toArray(String[]::new), false);
            }
            csv.flush();
        });
        Map<String, Long> counts = new TreeMap<>();
        checks.forEach(c -> counts.merge(c.verdict(), 1L, Long::sum));
        StringBuilder md = new StringBuilder("# Verification of ").append(Markdown.escape(reportDir.toString())).append("\n\n");
        md.append("Every DISASSOCIATED row of the run, re-checked against the live state. VERIFIED: the provider "
                + "config is gone (or its cluster is); IN_PROGRESS (still DELETING) does not count as verified; "
                + "REAPPEARED: the removed config or its issuer was associated again since.\n\n");
        md.append("| verdict | rows |\n|---|---|\n");
        counts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| total | ").append(checks.size()).append(" |\n\n");
        List<Check> open = checks.stream().filter(c -> !c.verified()).toList();
        if (open.isEmpty()) {
            md.append("All verified.\n");
        } else {
            md.append("## Not verified\n\n| line | account | region | cluster | provider | verdict | detail |\n"
                    + "|---|---|---|---|---|---|---|\n");
            open.forEach(c -> md.append("| ").append(String.join(" | ", Stream.of(Long.toString(c.line()), c.accountId(),
                    c.region(), c.clusterName(), c.providerName(), c.verdict(), c.detail()).map(Markdown::escape).toList()))
                    .append(" |\n"));
        }
        OwnerOnlyFiles.writeAtomically(dir, SUMMARY, md.toString());
    }
}
