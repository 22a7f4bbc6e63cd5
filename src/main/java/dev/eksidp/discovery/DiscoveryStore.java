package dev.eksidp.discovery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.List;
import java.util.function.Consumer;

/**
 * Staging tables of discovery runs: EIR_DISCOVERY_UNIT holds each (account, region) to scan and, once scanned, what
 * was found (a unit without a STATUS is still to do, so a restart scans only those); EIR_DISCOVERY_MATCH holds the
 * matching provider configs. A unit's matches and its status are written in the same chunk transaction.
 */
public class DiscoveryStore {

    static final String UNIT_COLUMNS = "ACCOUNT_ID, REGION";

    public static final RowMapper<ScanUnit> UNIT_MAPPER = (rs, i) -> new ScanUnit(rs.getString("ACCOUNT_ID"),
            rs.getString("REGION"));

    private final JdbcTemplate jdbc;

    public DiscoveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Portable between H2 and PostgreSQL; safe to run every time. */
    public void ensureSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS EIR_DISCOVERY_UNIT (RUN_ID VARCHAR(64) NOT NULL, "
                + "ACCOUNT_ID VARCHAR(32) NOT NULL, REGION VARCHAR(64) NOT NULL, STATUS VARCHAR(32), "
                + "CLUSTERS INT DEFAULT 0 NOT NULL, PROVIDERS INT DEFAULT 0 NOT NULL, MATCHES INT DEFAULT 0 NOT NULL, "
                + "ERROR_CODE VARCHAR(128), ERROR_MESSAGE VARCHAR(2000), ATTEMPTS INT DEFAULT 0 NOT NULL, "
                + "PRIMARY KEY (RUN_ID, ACCOUNT_ID, REGION))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS EIR_DISCOVERY_MATCH (RUN_ID VARCHAR(64) NOT NULL, "
                + "ACCOUNT_ID VARCHAR(32) NOT NULL, REGION VARCHAR(64) NOT NULL, CLUSTER_NAME VARCHAR(256) NOT NULL, "
                + "PROVIDER_TYPE VARCHAR(128) NOT NULL, PROVIDER_NAME VARCHAR(256) NOT NULL, ISSUER_URL VARCHAR(2000), "
                + "PRIMARY KEY (RUN_ID, ACCOUNT_ID, REGION, CLUSTER_NAME, PROVIDER_TYPE, PROVIDER_NAME))");
    }

    public void deleteRun(String runId) {
        jdbc.update("DELETE FROM EIR_DISCOVERY_MATCH WHERE RUN_ID = ?", runId);
        jdbc.update("DELETE FROM EIR_DISCOVERY_UNIT WHERE RUN_ID = ?", runId);
    }

    public void insertUnits(String runId, List<ScanUnit> units) {
        jdbc.batchUpdate("INSERT INTO EIR_DISCOVERY_UNIT (RUN_ID, ACCOUNT_ID, REGION) VALUES (?, ?, ?)", units,
                1000, (ps, u) -> {
                    ps.setString(1, runId);
                    ps.setString(2, u.accountId());
                    ps.setString(3, u.region());
                });
    }

    public void saveResults(String runId, List<? extends ScanResult> results) {
        for (ScanResult r : results) {
            jdbc.update("DELETE FROM EIR_DISCOVERY_MATCH WHERE RUN_ID = ? AND ACCOUNT_ID = ? AND REGION = ?", runId,
                    r.unit().accountId(), r.unit().region());
            jdbc.batchUpdate("INSERT INTO EIR_DISCOVERY_MATCH (RUN_ID, ACCOUNT_ID, REGION, CLUSTER_NAME, PROVIDER_TYPE, "
                    + "PROVIDER_NAME, ISSUER_URL) VALUES (?, ?, ?, ?, ?, ?, ?)", r.matches(), 1000, (ps, m) -> {
                        ps.setString(1, runId);
                        ps.setString(2, m.accountId());
                        ps.setString(3, m.region());
                        ps.setString(4, m.clusterName());
                        ps.setString(5, m.providerType());
                        ps.setString(6, m.providerName());
                        ps.setString(7, m.issuerUrl());
                    });
            jdbc.update("UPDATE EIR_DISCOVERY_UNIT SET STATUS = ?, CLUSTERS = ?, PROVIDERS = ?, MATCHES = ?, "
                            + "ERROR_CODE = ?, ERROR_MESSAGE = ?, ATTEMPTS = ? WHERE RUN_ID = ? AND ACCOUNT_ID = ? AND REGION = ?",
                    r.status(), r.clusters(), r.providers(), r.matches().size(), r.errorCode(),
                    cut(r.errorMessage()), r.attempts(), runId, r.unit().accountId(), r.unit().region());
        }
    }

    /** Every match, in a stable order: account, region, cluster, provider. */
    public void forEachMatch(String runId, Consumer<DiscoveredProvider> consumer) {
        jdbc.query("SELECT * FROM EIR_DISCOVERY_MATCH WHERE RUN_ID = ? ORDER BY ACCOUNT_ID, REGION, CLUSTER_NAME, "
                + "PROVIDER_TYPE, PROVIDER_NAME", rs -> {
                    consumer.accept(new DiscoveredProvider(rs.getString("ACCOUNT_ID"), rs.getString("REGION"),
                            rs.getString("CLUSTER_NAME"), rs.getString("PROVIDER_TYPE"), rs.getString("PROVIDER_NAME"),
                            rs.getString("ISSUER_URL")));
                }, runId);
    }

    /** Every unit with what its scan found (status null: not scanned), ordered by account and region. */
    public void forEachUnit(String runId, Consumer<ScanResult> consumer) {
        jdbc.query("SELECT * FROM EIR_DISCOVERY_UNIT WHERE RUN_ID = ? ORDER BY ACCOUNT_ID, REGION", rs -> {
            consumer.accept(new ScanResult(new ScanUnit(rs.getString("ACCOUNT_ID"), rs.getString("REGION")),
                    rs.getString("STATUS"), rs.getInt("CLUSTERS"), rs.getInt("PROVIDERS"), List.of(),
                    rs.getString("ERROR_CODE"), rs.getString("ERROR_MESSAGE"), rs.getInt("ATTEMPTS")));
        }, runId);
    }

    public long countMatches(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_DISCOVERY_MATCH WHERE RUN_ID = ?", Long.class, runId);
        return n == null ? 0 : n;
    }

    /** The (account, region) pairs not read yet. */
    public long countPendingUnits(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_DISCOVERY_UNIT WHERE RUN_ID = ? AND STATUS IS NULL",
                Long.class, runId);
        return n == null ? 0 : n;
    }

    public long countUnreadable(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM EIR_DISCOVERY_UNIT WHERE RUN_ID = ? AND (STATUS IS NULL "
                + "OR STATUS IN ('ACCESS_DENIED', 'FAILED'))", Long.class, runId);
        return n == null ? 0 : n;
    }

    private static String cut(String value) {
        return value == null || value.length() <= 2000 ? value : value.substring(0, 1999) + "…";
    }
}
