package dev.eksidp.job.remediation;

import dev.eksidp.remediation.Outcome;
import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetResult;
import dev.eksidp.report.ReportRecord;
import dev.eksidp.restore.RemovedConfig;
import dev.eksidp.targets.TargetClassifier;
import dev.eksidp.targets.TargetRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import software.amazon.awssdk.services.eks.model.UpdateStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The staging table of runs' targets (EIR_TARGET). Every input row gets a row here at load time; the remediate
 * step fills in outcomes; the report is written from here. Because outcomes commit with the chunk that produced
 * them, a restart sees exactly which rows are still to do.
 */
public class TargetStore {

    /** Cells longer than their column (garbage input) are cut, never allowed to fail the load. */
    private static final int MAX_CELL = 250;

    /** The rows whose change EKS accepted, whose update --wait follows. */
    private static final String ACCEPTED_CHANGE = "OUTCOME IN ('" + Outcome.DISASSOCIATED + "', '" + Outcome.RESTORED + "')";
    /** UPDATE_STATUS holds EKS's own update status, as the SDK spells it. */
    private static final String STILL_IN_PROGRESS = "UPDATE_STATUS = '" + UpdateStatus.IN_PROGRESS + "'";
    static final String TARGET_COLUMNS = "LINE, ACCOUNT_ID, REGION, CLUSTER_NAME, PROVIDER_TYPE, PROVIDER_NAME, ROLE_ARN, ATTEMPTS";

    private final JdbcTemplate jdbc;

    public TargetStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void deleteRun(String runId) {
        jdbc.update("DELETE FROM EIR_TARGET WHERE RUN_ID = ?", runId);
    }

    /**
     * Stores rows as classified ({@link TargetClassifier}): actionable ones without an outcome, the others with theirs
     * and its reason (invalid: INVALID_TARGET; a repeat: DUPLICATE with the line of the first; a protected account
     * or past --max-per-account: BLOCKED).
     */
    /** @param maxPerAccount the run's --max-per-account, which an OVER_ACCOUNT_CEILING row's reason names */
    public void insert(String runId, List<StagedRow> rows, Long maxPerAccount) {
        jdbc.batchUpdate("INSERT INTO EIR_TARGET (RUN_ID, LINE, ACCOUNT_ID, REGION, CLUSTER_NAME, PROVIDER_TYPE, "
                        + "PROVIDER_NAME, ROLE_ARN, TARGET_KEY, ACTIONABLE, OUTCOME, ERROR_CODE, ERROR_MESSAGE) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, rows.size(), (ps, staged) -> {
                    TargetRow row = staged.row();
                    NotActed not = staged.notActed(maxPerAccount);
                    ps.setString(1, runId);
                    ps.setLong(2, row.line());
                    ps.setString(3, cut(row.accountId()));
                    ps.setString(4, cut(row.region()));
                    ps.setString(5, cut(row.clusterName()));
                    ps.setString(6, cut(row.providerType()));
                    ps.setString(7, cut(row.providerName()));
                    ps.setString(8, row.valid() ? row.roleArn() : cut(row.roleArn()));
                    ps.setString(9, row.valid() ? row.key() : null);
                    ps.setBoolean(10, not == null);
                    ps.setString(11, not == null ? null : not.outcome().name());
                    ps.setString(12, not == null ? null : not.errorCode());
                    ps.setString(13, not == null ? null : not.reason());
                });
    }

    /** Rows the run acts on: valid, first of their kind, not stopped by a rail. */
    public long countActionable(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ACTIONABLE", Long.class, runId);
        return n == null ? 0 : n;
    }

    public long countErrorCode(String runId, String errorCode) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ERROR_CODE = ?", Long.class,
                runId, errorCode);
        return n == null ? 0 : n;
    }

    /**
     * Gives every actionable row its remediate partition. A bucket with at least {@code packSize} targets is a
     * partition of its own; smaller ones are packed together up to {@code packSize} targets, because a partition
     * costs several repository writes and a step of its own, which dominated runs over thousands of accounts with
     * a target or two each. Deterministic, so it could be run again with the same result.
     */
    public void assignPartitions(String runId, int packSize) {
        List<Object[]> assignments = new ArrayList<>();
        List<Bucket> pack = new ArrayList<>();
        long packTargets = 0;
        int packs = 0;
        List<Bucket> small = new ArrayList<>();
        for (Bucket bucket : buckets(runId)) {
            if (bucket.targets() >= packSize) {
                assignments.add(new Object[] {bucket.accountId() + "/" + bucket.region(), runId, bucket.accountId(), bucket.region()});
            } else {
                small.add(bucket);
            }
        }
        small.sort(Comparator.comparing(Bucket::accountId).thenComparing(Bucket::region));
        for (Bucket bucket : small) {
            if (packTargets + bucket.targets() > packSize) {
                addPack(assignments, runId, pack, ++packs);
                pack.clear();
                packTargets = 0;
            }
            pack.add(bucket);
            packTargets += bucket.targets();
        }
        addPack(assignments, runId, pack, ++packs);
        jdbc.batchUpdate("UPDATE EIR_TARGET SET PARTITION_KEY = ? WHERE RUN_ID = ? AND ACCOUNT_ID = ? AND REGION = ? "
                + "AND ACTIONABLE", assignments);
    }

    private static void addPack(List<Object[]> assignments, String runId, List<Bucket> pack, int number) {
        // A pack of one bucket keeps the bucket's name: easier to read in the job repository.
        String key = pack.size() == 1 ? pack.getFirst().accountId() + "/" + pack.getFirst().region()
                : String.format("pack-%05d", number);
        pack.forEach(b -> assignments.add(new Object[] {key, runId, b.accountId(), b.region()}));
    }

    /** The remediate step's partitions with their number of targets, biggest first. */
    public List<Partition> partitions(String runId) {
        return partitions(runId, "");
    }

    /** The partitions that hold rows deferred because their cluster was busy. */
    public List<Partition> partitionsWithDeferredRows(String runId) {
        return partitions(runId, "AND OUTCOME IS NULL AND ATTEMPTS > 0 ");
    }

    private List<Partition> partitions(String runId, String condition) {
        return jdbc.query("SELECT PARTITION_KEY, COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ACTIONABLE " + condition
                        + "GROUP BY PARTITION_KEY ORDER BY COUNT(*) DESC, PARTITION_KEY",
                (rs, i) -> new Partition(rs.getString(1), rs.getLong(2)), runId);
    }

    /** The (account, region) buckets of a run with how many targets each holds, biggest first. */
    public List<Bucket> buckets(String runId) {
        return jdbc.query("SELECT ACCOUNT_ID, REGION, COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ACTIONABLE "
                        + "GROUP BY ACCOUNT_ID, REGION ORDER BY COUNT(*) DESC, ACCOUNT_ID, REGION",
                (rs, i) -> new Bucket(rs.getString(1), rs.getString(2), rs.getLong(3)), runId);
    }

    public long countPending(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ACTIONABLE AND OUTCOME IS NULL",
                Long.class, runId);
        return n == null ? 0 : n;
    }

    /** @param executionId the job execution recording them; a row keeps the first execution that gave it an outcome */
    public void saveResults(String runId, long executionId, List<? extends TargetResult> results) {
        jdbc.batchUpdate("UPDATE EIR_TARGET SET OUTCOME = ?, UPDATE_ID = ?, UPDATE_STATUS = ?, ERROR_CODE = ?, "
                        + "ERROR_MESSAGE = ?, ATTEMPTS = ?, UPDATE_CREATED_AT = ?, UPDATE_PARAMS = ?, UPDATE_ERRORS = ?, "
                        + "DONE_BY_EXECUTION = COALESCE(DONE_BY_EXECUTION, ?) "
                        + "WHERE RUN_ID = ? AND LINE = ?", results, results.size(), (ps, r) -> {
                    ps.setString(1, r.isDeferred() ? null : r.outcome().name());
                    ps.setString(2, r.updateId());
                    ps.setString(3, r.updateStatus());
                    ps.setString(4, r.errorCode());
                    ps.setString(5, cut(r.errorMessage(), 2000));
                    ps.setInt(6, r.attempts());
                    if (r.updateCreatedAt() == null) {
                        ps.setNull(7, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        ps.setObject(7, OffsetDateTime.ofInstant(r.updateCreatedAt(), ZoneOffset.UTC));
                    }
                    ps.setString(8, cut(r.updateParamsJson(), 4000));
                    ps.setString(9, cut(r.updateErrorsJson(), 4000));
                    if (r.isDeferred()) {
                        ps.setNull(10, Types.BIGINT);
                    } else {
                        ps.setLong(10, executionId);
                    }
                    ps.setString(11, runId);
                    ps.setLong(12, r.line());
                });
    }

    /** Streams every row of the run in input order, for the reports. */
    public void forEachRecord(String runId, Consumer<ReportRecord> consumer) {
        forEachRecord(runId, true, consumer);
    }

    /** As {@link #forEachRecord(String, Consumer)}; without pending rows for the summary of an unfinished run. */
    public void forEachRecord(String runId, boolean includePending, Consumer<ReportRecord> consumer) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT * FROM EIR_TARGET WHERE RUN_ID = ? "
                    + (includePending ? "" : "AND OUTCOME IS NOT NULL ") + "ORDER BY LINE");
            ps.setString(1, runId);
            ps.setFetchSize(500);
            return ps;
        }, rs -> {
            consumer.accept(record(rs));
        });
    }

    /** Accepted updates still InProgress, for --wait. */
    public List<AcceptedUpdate> inProgressUpdates(String runId, long afterLine, int limit) {
        return jdbc.query("SELECT " + TARGET_COLUMNS + ", UPDATE_ID, OUTCOME FROM EIR_TARGET WHERE RUN_ID = ? "
                        + "AND " + ACCEPTED_CHANGE + " AND " + STILL_IN_PROGRESS + " AND LINE > ? ORDER BY LINE "
                        + "FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new AcceptedUpdate(TARGET_MAPPER.mapRow(rs, i), rs.getString("UPDATE_ID"), rs.getInt("ATTEMPTS"),
                        Outcome.valueOf(rs.getString("OUTCOME"))),
                runId, afterLine);
    }

    /** --wait gave up: rows whose update is still InProgress become FAILED, keeping what is known of the update. */
    public int markWaitTimedOut(String runId, String message) {
        return jdbc.update("UPDATE EIR_TARGET SET OUTCOME = '" + Outcome.FAILED + "', ERROR_CODE = 'WaitTimeout', ERROR_MESSAGE = ? "
                + "WHERE RUN_ID = ? AND " + ACCEPTED_CHANGE + " AND " + STILL_IN_PROGRESS, message, runId);
    }

    public Map<Outcome, Long> countsByOutcome(String runId) {
        Map<Outcome, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT OUTCOME, COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND OUTCOME IS NOT NULL GROUP BY OUTCOME",
                rs -> {
                    counts.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                }, runId);
        return counts;
    }

    /** Rows deferred because their cluster was busy, waiting for the busy pass. */
    public long countDeferred(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND ACTIONABLE AND OUTCOME IS NULL "
                + "AND ATTEMPTS > 0", Long.class, runId);
        return n == null ? 0 : n;
    }

    /** Attempts beyond the first of every row that was tried (ATTEMPTS counts each row's tries, across executions). */
    public long countRetries(String runId) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(ATTEMPTS - 1), 0) FROM EIR_TARGET WHERE RUN_ID = ? AND ATTEMPTS > 0",
                Long.class, runId);
        return n == null ? 0 : n;
    }

    /** Accepted updates still InProgress: how many, and when the oldest was created (null if none). */
    public record InProgress(long count, Instant oldest) {
    }

    public InProgress inProgress(String runId) {
        return jdbc.queryForObject("SELECT COUNT(*), MIN(UPDATE_CREATED_AT) FROM EIR_TARGET WHERE RUN_ID = ? "
                + "AND OUTCOME = '" + Outcome.DISASSOCIATED + "' AND " + STILL_IN_PROGRESS, (rs, i) -> {
                    OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                    return new InProgress(rs.getLong(1), oldest == null ? null : oldest.toInstant());
                }, runId);
    }

    /** Outcomes per job execution that recorded them (rows the load step settled have none and are left out). */
    public Map<Long, Map<Outcome, Long>> outcomesByExecution(String runId) {
        Map<Long, Map<Outcome, Long>> counts = new LinkedHashMap<>();
        jdbc.query("SELECT DONE_BY_EXECUTION, OUTCOME, COUNT(*) FROM EIR_TARGET WHERE RUN_ID = ? AND OUTCOME IS NOT NULL "
                + "AND DONE_BY_EXECUTION IS NOT NULL GROUP BY DONE_BY_EXECUTION, OUTCOME ORDER BY DONE_BY_EXECUTION, OUTCOME",
                rs -> {
                    counts.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(Outcome.valueOf(rs.getString(2)), rs.getLong(3));
                }, runId);
        return counts;
    }

    public static final RowMapper<Target> TARGET_MAPPER = (rs, i) -> new Target(rs.getLong("LINE"),
            rs.getString("ACCOUNT_ID"), rs.getString("REGION"), rs.getString("CLUSTER_NAME"),
            rs.getString("PROVIDER_TYPE"), rs.getString("PROVIDER_NAME"), rs.getString("ROLE_ARN"), rs.getInt("ATTEMPTS"));

    private static ReportRecord record(ResultSet rs) throws SQLException {
        String outcome = rs.getString("OUTCOME");
        OffsetDateTime created = rs.getObject("UPDATE_CREATED_AT", OffsetDateTime.class);
        return new ReportRecord(rs.getLong("LINE"), rs.getString("ACCOUNT_ID"), rs.getString("REGION"),
                rs.getString("CLUSTER_NAME"), rs.getString("PROVIDER_TYPE"), rs.getString("PROVIDER_NAME"),
                outcome == null ? Outcome.FAILED : Outcome.valueOf(outcome), rs.getString("UPDATE_ID"),
                rs.getString("UPDATE_STATUS"), outcome == null ? "NotProcessed" : rs.getString("ERROR_CODE"),
                outcome == null ? "the run ended before this row was processed" : rs.getString("ERROR_MESSAGE"),
                rs.getInt("ATTEMPTS"), created == null ? null : created.toInstant(),
                rs.getString("UPDATE_PARAMS"), rs.getString("UPDATE_ERRORS"),
                Outcome.DISASSOCIATED.name().equals(outcome) ? removedConfig(rs) : null);
    }

    private static String removedConfig(ResultSet rs) throws SQLException {
        String stored = rs.getString("REMOVED_CONFIG");
        return stored == null ? null : RemovedConfig.wholeJson(stored, TARGET_MAPPER.mapRow(rs, 0));
    }

    private static String cut(String value) {
        return cut(value, MAX_CELL);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** A row as read, and the line of the first row with the same target when it is a repeat. */
    /** A row to stage with its verdict. */
    public record StagedRow(TargetRow row, TargetClassifier.Classification classification) {

        /** Why the row is not acted on, as its report line says it; null for an actionable row. */
        NotActed notActed(Long maxPerAccount) {
            return switch (classification.verdict()) {
                case ACTIONABLE -> null;
                case INVALID -> new NotActed(Outcome.INVALID_TARGET, "InvalidTarget", row.problem());
                case DUPLICATE -> new NotActed(Outcome.DUPLICATE, "Duplicate", "same target as line " + classification.duplicateOf());
                case PROTECTED_ACCOUNT -> new NotActed(Outcome.BLOCKED, "ProtectedAccount", "protected account");
                case OVER_ACCOUNT_CEILING -> new NotActed(Outcome.BLOCKED, "AccountCeiling",
                        "more than " + maxPerAccount + " targets in this account (--max-per-account)");
            };
        }
    }

    private record NotActed(Outcome outcome, String errorCode, String reason) {
    }

    /** A partition of the remediate step and its number of targets. */
    public record Partition(String key, long targets) {
    }

    /** An (account, region) rate-limit bucket and its number of targets. */
    public record Bucket(String accountId, String region, long targets) {
    }

    /** A row whose change (DISASSOCIATED, RESTORED) EKS accepted, with the update to follow. */
    public record AcceptedUpdate(Target target, String updateId, int attempts, Outcome outcome) {
    }
}
