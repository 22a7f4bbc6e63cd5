package dev.eksidp.discovery;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.eksidp.output.FormulaGuard;
import dev.eksidp.output.Markdown;
import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes what a discovery run found: the targets CSV (the job's input format, ready for {@code plan}),
 * discovery.csv (one line per account and region scanned, with its status) and discovery-summary.md (accounts
 * scanned, regions, clusters seen, matches, and every account that could not be read, with why). Each file
 * appears under its name only when complete.
 */
public final class DiscoveryReport {

    public static final String TARGETS_HEADER = "account_id,region,cluster_name,provider_type,provider_name";
    public static final String UNITS_FILE = "discovery.csv";
    public static final String SUMMARY_FILE = "discovery-summary.md";

    private DiscoveryReport() {
    }

    public static void write(DiscoveryStore store, DiscoverySettings s, long executionId, Instant start, Instant end)
            throws IOException {
        Path out = Path.of(s.outFile());
        Path dir = Path.of(s.reportDir());
        OwnerOnlyFiles.createDirectories(dir);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        long[] matches = {0};
        OwnerOnlyFiles.writeAtomically(out, w -> {
            ICSVWriter csv = new CSVWriterBuilder(w).withLineEnd("\n").build();
            csv.writeNext(TARGETS_HEADER.split(","), false);
            store.forEachMatch(s.runId(), m -> {
                csv.writeNext(new String[] {m.accountId(), m.region(), m.clusterName(), m.providerType(),
                        m.providerName()}, false);
                matches[0]++;
            });
            csv.flush();
        });
        Stats stats = new Stats();
        OwnerOnlyFiles.writeAtomically(dir.resolve(UNITS_FILE), w -> {
            ICSVWriter csv = new CSVWriterBuilder(w).withLineEnd("\n").build();
            csv.writeNext(new String[] {"account_id", "region", "status", "clusters", "providers",
                    "error_code", "error_message", "attempts"}, false);
            store.forEachUnit(s.runId(), u -> {
                stats.add(u);
                csv.writeNext(new String[] {u.unit().accountId(), u.unit().region(),
                        u.status() == null ? "NOT_SCANNED" : u.status(), Integer.toString(u.clusters()),
                        Integer.toString(u.providers()), guarded(u.errorCode()), guarded(u.errorMessage()),
                        Integer.toString(u.attempts())}, false);
            });
            csv.flush();
        });
        OwnerOnlyFiles.writeAtomically(dir.resolve(SUMMARY_FILE), w -> w.write(summary(s, stats, matches[0], executionId, start, end)));
    }

    private static String summary(DiscoverySettings s, Stats st, long matches, long executionId, Instant start,
                                  Instant end) {
        StringBuilder md = new StringBuilder();
        md.append("# Discovery ").append(s.runId()).append("\n\n");
        md.append("Searched for identity provider configs with ").append(s.criteria()).append(".\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| accounts scanned | ").append(st.accounts.size()).append(" |\n");
        md.append("| regions | ").append(s.regions().size()).append(" (").append(String.join(", ", s.regions())).append(") |\n");
        md.append("| clusters seen | ").append(st.clusters).append(" |\n");
        md.append("| provider configs seen | ").append(st.providers).append(" |\n");
        md.append("| matches (rows in the targets file) | ").append(matches).append(" |\n");
        md.append("| accounts that could not be read | ").append(st.unreadable.size()).append(" |\n\n");
        md.append("Targets file: `").append(s.outFile()).append("`  \n");
        md.append("Next: `eks-idp-remediation plan --targets ").append(s.outFile()).append("`\n\n");
        if (st.unreadable.isEmpty()) {
            md.append("Every account and region was read.\n\n");
        } else {
            md.append("## Accounts that could not be read\n\n");
            md.append("Clusters in these accounts and regions may carry the provider and are **not** in the targets "
                    + "file. Fix the access and run discover again (or resume it).\n\n");
            md.append("| account | regions | status | error | message |\n|---|---|---|---|---|\n");
            st.unreadable.forEach((key, regions) -> {
                String[] k = key.split("\u0000", -1);
                md.append("| ").append(k[0]).append(" | ").append(regions.size() == s.regions().size() ? "all"
                                : String.join(", ", regions)).append(" | ").append(k[1]).append(" | ").append(Markdown.escape(k[2]))
                        .append(" | ").append(Markdown.escape(k[3])).append(" |\n");
            });
            md.append('\n');
        }
        if (!st.notEnabled.isEmpty()) {
            md.append("## Regions not enabled\n\nOpt-in regions these accounts have not enabled (no clusters can be "
                    + "there):\n\n");
            st.notEnabled.forEach((account, regions) -> md.append("- ").append(account).append(": ")
                    .append(String.join(", ", regions)).append('\n'));
            md.append('\n');
        }
        md.append("## Run\n\n");
        md.append("- execution ").append(executionId).append(", started ").append(start).append(", finished ")
                .append(end).append('\n');
        md.append("- role: ").append(s.roleArnTemplate() != null ? s.roleArnTemplate() : "role/" + s.roleName())
                .append(", session name ").append(s.sessionName()).append('\n');
        md.append("- EKS rate per account and region: ").append(s.eksRate()).append("/s, STS rate: ")
                .append(s.stsRate()).append("/s, max attempts per call: ").append(s.maxAttempts()).append('\n');
        return md.toString();
    }

    private static final class Stats {
        final TreeSet<String> accounts = new TreeSet<>();
        long clusters;
        long providers;
        /** account, status, code, message -> regions */
        final Map<String, TreeSet<String>> unreadable = new TreeMap<>();
        final Map<String, TreeSet<String>> notEnabled = new LinkedHashMap<>();

        void add(ScanResult u) {
            accounts.add(u.unit().accountId());
            clusters += u.clusters();
            providers += u.providers();
            String status = u.status() == null ? "NOT_SCANNED" : u.status();
            if (u.status() == null || ScanResult.unreadable(u.status())) {
                unreadable.computeIfAbsent(String.join("\u0000", u.unit().accountId(), status, nz(u.errorCode()),
                        nz(u.errorMessage())), k -> new TreeSet<>()).add(u.unit().region());
            } else if (ScanResult.NOT_ENABLED.equals(u.status())) {
                notEnabled.computeIfAbsent(u.unit().accountId(), k -> new TreeSet<>()).add(u.unit().region());
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** AWS's error text, kept from running as a spreadsheet formula. */
    private static String guarded(String s) {
        return FormulaGuard.neutralise(nz(s));
    }
}
