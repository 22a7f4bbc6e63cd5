package dev.eksidp.job;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Creates Spring Batch's tables and the staging table when a repository database is new. */
final class RepositorySchema {

    /** Advisory lock key for schema creation ("eksidp-schema" as a number); run locks use other keys. */
    static final long SCHEMA_LOCK = 0x656b7369647073L;

    /** Columns later releases added to tables that repositories of earlier ones already have: table, column, type. */
    private static final String[][] ADDED_COLUMNS = {
            {"EIR_TARGET", "PARTITION_KEY", "VARCHAR(64)"},
            {"EIR_TARGET", "REMOVED_CONFIG", "VARCHAR(100000)"},
            {"EIR_TARGET", "DONE_BY_EXECUTION", "BIGINT"}};

    private final DataSource dataSource;

    RepositorySchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void ensure() {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String platform = product.contains("postgres") ? "postgresql" : "h2";
            // Processes started together on a new shared database (shards, a CronJob and a manual run) would
            // race to create the same tables: serialise schema creation on a transaction-free advisory lock.
            boolean postgres = platform.equals("postgresql");
            if (postgres) {
                execute(c, "SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
            try {
                ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
                if (!batchTablesExist(c)) {
                    populator.addScript(new ClassPathResource("org/springframework/batch/core/schema-" + platform + ".sql"));
                }
                // Before the script, whose indexes may be on added columns; a new table gets them from the script.
                for (String[] column : ADDED_COLUMNS) {
                    if (columnExists(c, column[0], null) && !columnExists(c, column[0], column[1])) {
                        execute(c, "ALTER TABLE " + column[0] + " ADD COLUMN IF NOT EXISTS " + column[1] + " " + column[2]);
                    }
                }
                populator.addScript(new ClassPathResource("db/targets-schema.sql"));
                populator.populate(c);
            } finally {
                if (postgres) {
                    execute(c, "SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** With a null column: whether the table has any column, i.e. exists. */
    private static boolean columnExists(Connection c, String table, String column) throws SQLException {
        // H2 keeps unquoted names upper case, PostgreSQL lower case.
        for (boolean upper : new boolean[] {true, false}) {
            String t = upper ? table : table.toLowerCase(Locale.ROOT);
            String col = column == null ? null : upper ? column : column.toLowerCase(Locale.ROOT);
            try (var columns = c.getMetaData().getColumns(null, null, t, col)) {
                if (columns.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean batchTablesExist(Connection c) throws SQLException {
        for (String name : new String[] {"BATCH_JOB_INSTANCE", "batch_job_instance"}) {
            try (var tables = c.getMetaData().getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
