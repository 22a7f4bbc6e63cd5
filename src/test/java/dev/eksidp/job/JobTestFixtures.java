package dev.eksidp.job;

import com.opencsv.CSVReader;
import dev.eksidp.remediation.Mode;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Target files, run settings with test-sized backoffs, and report parsing for the job tests. */
final class JobTestFixtures {

    static final String HEADER = "account_id,region,cluster_name,provider_type,provider_name";

    private JobTestFixtures() {
    }

    static Path targets(Path dir, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(rows);
        return Files.write(dir.resolve("targets-" + UUID.randomUUID() + ".csv"), lines);
    }

    static RunSettings settings(Mode mode, Path targets, Path reportDir) {
        return new RunSettings("test-" + UUID.randomUUID(), mode, targets.toString(), reportDir.toString(),
                "EksIdpRemediation", null, null, "eks-idp-remediation-test", 50.0, 50, 100.0, 6, 16,
                Duration.ofMillis(20), Duration.ofMillis(50), false, Duration.ofMillis(200), Duration.ofMinutes(1), 3600, false);
    }

    static RunSettings withRates(RunSettings s, double eksRate, int eksBurst, int maxAttempts) {
        return new RunSettings(s.runId(), s.mode(), s.targetsFile(), s.reportDir(), s.roleName(), s.roleArnTemplate(),
                s.externalId(), s.sessionName(), eksRate, eksBurst, s.stsRate(), maxAttempts, s.maxConcurrency(),
                s.backoffBase(), s.busyBackoffBase(), s.waitForUpdates(), s.waitPollInterval(), s.waitTimeout(), s.sessionDurationSeconds(), s.allowUnknownRegions());
    }

    static RunSettings withConcurrency(RunSettings s, int maxConcurrency) {
        return new RunSettings(s.runId(), s.mode(), s.targetsFile(), s.reportDir(), s.roleName(), s.roleArnTemplate(),
                s.externalId(), s.sessionName(), s.eksRate(), s.eksBurst(), s.stsRate(), s.maxAttempts(), maxConcurrency,
                s.backoffBase(), s.busyBackoffBase(), s.waitForUpdates(), s.waitPollInterval(), s.waitTimeout(), s.sessionDurationSeconds(), s.allowUnknownRegions());
    }

    static RunSettings waiting(RunSettings s) {
        return new RunSettings(s.runId(), s.mode(), s.targetsFile(), s.reportDir(), s.roleName(), s.roleArnTemplate(),
                s.externalId(), s.sessionName(), s.eksRate(), s.eksBurst(), s.stsRate(), s.maxAttempts(),
                s.maxConcurrency(), s.backoffBase(), s.busyBackoffBase(), true, s.waitPollInterval(), s.waitTimeout(), s.sessionDurationSeconds(), s.allowUnknownRegions());
    }

    static RunSettings withSessionDuration(RunSettings s, int seconds) {
        return new RunSettings(s.runId(), s.mode(), s.targetsFile(), s.reportDir(), s.roleName(), s.roleArnTemplate(),
                s.externalId(), s.sessionName(), s.eksRate(), s.eksBurst(), s.stsRate(), s.maxAttempts(),
                s.maxConcurrency(), s.backoffBase(), s.busyBackoffBase(), s.waitForUpdates(), s.waitPollInterval(),
                s.waitTimeout(), seconds, s.allowUnknownRegions());
    }

    /** report.csv or plan.csv as rows keyed by column name, in file order. */
    static List<Map<String, String>> report(Path reportDir, Mode mode) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(reportDir.resolve(mode.reportName() + ".csv"));
             CSVReader csv = new CSVReader(r)) {
            String[] header = csv.readNext();
            for (String[] cells = csv.readNext(); cells != null; cells = csv.readNext()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static Map<String, String> outcomesByLine(List<Map<String, String>> report) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        report.forEach(row -> outcomes.put(row.get("line"), row.get("outcome")));
        return outcomes;
    }
}
