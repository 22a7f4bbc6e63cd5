package dev.eksidp.job;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The runs the tool said it was starting (EIR_RUN), recorded before the run id is printed. A run whose process
 * died before Spring Batch created its job execution has an intent and no execution: it changed nothing.
 */
public class RunIntents {

    private final JdbcTemplate jdbc;

    public RunIntents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String runId, String mode, String commandLine, Instant at) {
        jdbc.update("INSERT INTO EIR_RUN (RUN_ID, MODE, COMMAND_LINE, CREATED_AT) VALUES (?, ?, ?, ?)",
                runId, mode, commandLine, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** The command line the run was started with, or null for a run without an intent (started by a test). */
    public String commandLine(String runId) {
        List<String> lines = jdbc.queryForList("SELECT COMMAND_LINE FROM EIR_RUN WHERE RUN_ID = ?", String.class, runId);
        return lines.isEmpty() ? null : lines.get(0);
    }

    /** The newest intent, if no job execution of its run exists. */
    public Optional<Intent> latestNeverStarted() {
        List<Intent> latest = jdbc.query("SELECT RUN_ID, MODE, COMMAND_LINE, CREATED_AT FROM EIR_RUN "
                        + "ORDER BY CREATED_AT DESC, RUN_ID DESC LIMIT 1",
                (rs, i) -> new Intent(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
        return latest.stream().filter(intent -> !started(intent.runId())).findFirst();
    }

    private boolean started(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME = 'run.id' "
                + "AND PARAMETER_VALUE = ?", Long.class, runId);
        return n != null && n > 0;
    }

    public record Intent(String runId, String mode, String commandLine, Instant createdAt) {
    }
}
