package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.remediation.Outcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "executions",
        description = {"Lists recent runs, newest first: execution id, mode, status, start and end (local time, with "
                + "its zone), run id, counts by outcome, report directory; then the job repository's location. Works "
                + "while a run holds the repository.",
                "--output json prints one JSON array instead, for scripts (times in UTC, ISO-8601).", ""},
        exitCodeList = {"0:listed (also when there are no runs, and while a run holds the repository)", "64:usage error"})
final class ExecutionsCommand extends Subcommand {

    /** How the list is printed: a table for people, JSON for scripts. */
    enum Output { table, json }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Wide enough for the usual three or four outcomes; a wider list widens the column instead of overflowing. */
    private static final int OUTCOMES_WIDTH = 45;

    ExecutionsCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only runs whose last execution has this status: ${COMPLETION-CANDIDATES}.")
    BatchStatus status;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        List<ExecutionRow> rows = new ArrayList<>();
        try (BatchContext batch = BatchContext.open(repository, env, 1)) {
            var repo = batch.repository();
            for (int page = 0; rows.size() < limit; page++) {
                var instances = repo.getJobInstances(RemediationJobConfiguration.JOB_NAME, page * 100, 100);
                if (instances.isEmpty()) {
                    break;
                }
                for (JobInstance instance : instances) {
                    JobExecution e = repo.getLastJobExecution(instance);
                    if (e == null || status != null && e.getStatus() != status) {
                        continue;
                    }
                    RunSettings s = RunParameters.from(e.getJobParameters()).settings();
                    rows.add(new ExecutionRow(e.getId(), s.runId(), s.mode().name().toLowerCase(Locale.ROOT),
                            e.getStatus().name(), utc(e.getStartTime()), utc(e.getEndTime()),
                            batch.store().countsByOutcome(s.runId()), s.targetsFile(), s.reportDir()));
                    if (rows.size() == limit) {
                        break;
                    }
                }
            }
        }
        if (output == Output.json) {
            env.out().println(JSON.writeValueAsString(rows));
        } else {
            table(rows);
        }
        return ExitCodes.OK;
    }

    private void table(List<ExecutionRow> rows) {
        List<String> outcomes = rows.stream().map(r -> r.outcomes().entrySet().stream()
                .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining(","))).toList();
        int width = Math.max(OUTCOMES_WIDTH, outcomes.stream().mapToInt(String::length).max().orElse(0));
        String format = "%-6s %-6s %-10s %-23s %-23s %-23s %-" + width + "s %s%n";
        env.out().printf(format, "ID", "MODE", "STATUS", "START", "END", "RUN ID", "OUTCOMES", "REPORT DIR");
        for (int i = 0; i < rows.size(); i++) {
            ExecutionRow r = rows.get(i);
            env.out().printf(format, r.executionId(), r.mode(), r.status(), time(r.start()), time(r.end()), r.runId(),
                    outcomes.get(i), r.reportDir());
        }
        if (rows.isEmpty()) {
            env.out().println("(no runs)");
        }
        env.out().println("Job repository: " + RunGuard.redacted(repository.url()));
    }

    /**
     * One run as executions reports it (both formats); the JSON field names are these component names, start and
     * end ISO-8601 instants (UTC) or null.
     */
    record ExecutionRow(long executionId, String runId, String mode, String status, String start, String end,
                        Map<Outcome, Long> outcomes, String targetsFile, String reportDir) {
    }

    private static String utc(LocalDateTime t) {
        // Spring Batch keeps local times of the JVM's zone.
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String time(String utc) {
        return utc == null ? "-" : TIME.format(Instant.parse(utc));
    }
}
