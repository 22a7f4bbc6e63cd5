package dev.eksidp.job;

import com.opencsv.CSVReader;
import dev.eksidp.remediation.Mode;
import org.springframework.batch.core.job.parameters.JobParameters;

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
        return RunSettings.builder().runId("test-" + UUID.randomUUID()).mode(mode).targetsFile(targets.toString())
                .reportDir(reportDir.toString()).roleName("EksIdpRemediation").sessionName("eks-idp-remediation-test")
                .eksRate(50.0).eksBurst(50).stsRate(100.0).maxAttempts(6).maxConcurrency(16)
                .backoffBase(Duration.ofMillis(20)).busyBackoffBase(Duration.ofMillis(50)).waitForUpdates(false)
                .waitPollInterval(Duration.ofMillis(200)).waitTimeout(Duration.ofMinutes(1)).sessionDurationSeconds(3600)
                .build();
    }

    static RunSettings withRates(RunSettings s, double eksRate, int eksBurst, int maxAttempts) {
        return s.toBuilder().eksRate(eksRate).eksBurst(eksBurst).maxAttempts(maxAttempts).build();
    }

    static RunSettings withConcurrency(RunSettings s, int maxConcurrency) {
        return s.toBuilder().maxConcurrency(maxConcurrency).build();
    }

    static RunSettings waiting(RunSettings s) {
        return s.toBuilder().waitForUpdates(true).build();
    }

    static RunSettings withSessionDuration(RunSettings s, int seconds) {
        return s.toBuilder().sessionDurationSeconds(seconds).build();
    }

    /** The job parameters of a run of {@code settings} without rails or shards. */
    static JobParameters parameters(RunSettings settings) {
        return RunParameters.of(settings).toJobParameters();
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
