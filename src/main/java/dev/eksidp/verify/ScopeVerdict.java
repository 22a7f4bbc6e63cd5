package dev.eksidp.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eksidp.discovery.DiscoveredProvider;
import dev.eksidp.discovery.DiscoveryStore;
import dev.eksidp.discovery.ScanResult;
import dev.eksidp.output.JsonLines;
import dev.eksidp.output.Markdown;
import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify --issuer-url}: is the whole scope clean? Read from a finished re-scan (a discovery run over the same
 * accounts and regions): clean only when every (account, region) was read and no cluster still trusts the issuer.
 * A reviewed plan's rows that apply did not act on (BLOCKED, FAILED, ... or, with the apply report, a
 * WOULD_DISASSOCIATE row apply did not finish) are listed too, and need attention unless the re-scan read their
 * account and region and the provider is no longer there.
 */
public final class ScopeVerdict {

    public static final String SUMMARY = "verify-scope.md";

    /** Plan outcomes after which the provider is known not to be on the cluster (or the row was never a target). */
    private static final Set<String> NOTHING_TO_DO = Set.of("ALREADY_ABSENT", "CLUSTER_NOT_FOUND", "INVALID_TARGET", "DUPLICATE");
    private static final Set<String> APPLIED = Set.of("DISASSOCIATED", "ALREADY_ABSENT", "CLUSTER_NOT_FOUND");

    /** A plan row apply did not act on; open: it still needs attention (the re-scan did not prove it gone). */
    public record PlanRow(long line, String accountId, String region, String clusterName, String providerName,
                          String planOutcome, String applyOutcome, boolean open) {
    }

    public record Result(List<DiscoveredProvider> stillTrusting, List<ScanResult> unreadable, List<PlanRow> planRows) {
        public boolean clean() {
            return stillTrusting.isEmpty() && unreadable.isEmpty() && planRows.stream().noneMatch(PlanRow::open);
        }

        /** One line per thing that needs attention, for the terminal. */
        public List<String> attention() {
            List<String> lines = new ArrayList<>();
            stillTrusting.forEach(m -> lines.add(m.accountId() + " " + m.region() + " cluster " + m.clusterName()
                    + " still trusts the issuer (provider " + m.providerName() + ")"));
            unreadable.forEach(u -> lines.add(u.unit().accountId() + " " + u.unit().region() + " could not be read ("
                    + u.status() + " " + u.errorCode() + ")"));
            planRows.stream().filter(PlanRow::open).forEach(p -> lines.add("plan line " + p.line() + " (" + p.accountId()
                    + " " + p.region() + " " + p.clusterName() + " " + p.providerName() + ") was " + p.planOutcome()
                    + (p.applyOutcome().isEmpty() ? "" : ", apply " + p.applyOutcome()) + ", not applied"));
            return lines;
        }
    }

    private ScopeVerdict() {
    }

    public static Result of(DiscoveryStore store, String runId, Path planDir, Path applyReportDir) throws IOException {
        List<DiscoveredProvider> trusting = new ArrayList<>();
        store.forEachMatch(runId, trusting::add);
        List<ScanResult> unreadable = new ArrayList<>();
        Set<String> read = new HashSet<>();
        store.forEachUnit(runId, u -> {
            if (u.status() == null || ScanResult.unreadable(u.status())) {
                unreadable.add(u);
            } else {
                read.add(u.unit().accountId() + "|" + u.unit().region());
            }
        });
        Set<String> matched = new HashSet<>();
        trusting.forEach(m -> matched.add(String.join("|", m.accountId(), m.region(), m.clusterName(), m.providerName())));
        List<PlanRow> planRows = new ArrayList<>();
        if (planDir != null) {
            Map<Long, String> applied = applyReportDir == null ? Map.of() : outcomes(applyReportDir.resolve("report.jsonl"));
            for (JsonNode o : rows(planDir.resolve("plan.jsonl"))) {
                String outcome = o.path("outcome").asText();
                long line = o.path("line").asLong();
                String applyOutcome = applied.getOrDefault(line, "");
                boolean notApplied = !NOTHING_TO_DO.contains(outcome) && (!"WOULD_DISASSOCIATE".equals(outcome)
                        || applyReportDir != null && !APPLIED.contains(applyOutcome));
                if (!notApplied) {
                    continue;
                }
                String account = o.path("account_id").asText();
                String region = o.path("region").asText();
                String key = String.join("|", account, region, o.path("cluster_name").asText(), o.path("provider_name").asText());
                boolean gone = read.contains(account + "|" + region) && !matched.contains(key);
                planRows.add(new PlanRow(line, account, region, o.path("cluster_name").asText(),
                        o.path("provider_name").asText(), outcome, applyOutcome, !gone));
            }
        }
        return new Result(trusting, unreadable, planRows);
    }

    public static void write(Path dir, String issuerUrl, Result r) throws IOException {
        StringBuilder md = new StringBuilder("# Verification of the scope for issuer ").append(issuerUrl).append("\n\n");
        md.append(r.clean() ? "**Clean**: every account and region was read and no cluster trusts the issuer.\n\n"
                : "**Needs attention**: the issuer may still be trusted somewhere in the scope.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| clusters still trusting the issuer | ").append(r.stillTrusting().size()).append(" |\n");
        md.append("| accounts/regions that could not be read | ").append(r.unreadable().size()).append(" |\n");
        md.append("| plan rows not applied, still open | ").append(r.planRows().stream().filter(PlanRow::open).count()).append(" |\n\n");
        if (!r.stillTrusting().isEmpty()) {
            section(md, "Clusters still trusting the issuer", List.of("account", "region", "cluster", "provider"),
                    r.stillTrusting().stream().map(m -> List.of(m.accountId(), m.region(), m.clusterName(), m.providerName())).toList());
        }
        if (!r.unreadable().isEmpty()) {
            section(md, "Accounts and regions that could not be read", List.of("account", "region", "status", "error", "message"),
                    r.unreadable().stream().map(u -> List.of(u.unit().accountId(), u.unit().region(),
                            u.status() == null ? "NOT_SCANNED" : u.status(), nz(u.errorCode()), nz(u.errorMessage()))).toList());
        }
        if (!r.planRows().isEmpty()) {
            section(md, "Plan rows not applied", List.of("line", "account", "region", "cluster", "provider", "plan", "apply", "now"),
                    r.planRows().stream().map(p -> List.of(Long.toString(p.line()), p.accountId(), p.region(), p.clusterName(),
                            p.providerName(), p.planOutcome(), p.applyOutcome(),
                            p.open() ? "NEEDS ATTENTION" : "gone (the re-scan read it)")).toList());
        }
        OwnerOnlyFiles.writeAtomically(dir, SUMMARY, md.toString());
    }

    private static void section(StringBuilder md, String title, List<String> headers, List<List<String>> rows) {
        md.append("## ").append(title).append("\n\n");
        Markdown.table(md, headers, new boolean[headers.size()], rows);
        md.append('\n');
    }

    private static Map<Long, String> outcomes(Path jsonl) throws IOException {
        Map<Long, String> out = new HashMap<>();
        JsonLines.forEach(jsonl, o -> out.put(o.path("line").asLong(), o.path("outcome").asText()));
        return out;
    }

    private static List<JsonNode> rows(Path jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JsonLines.forEach(jsonl, out::add);
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
