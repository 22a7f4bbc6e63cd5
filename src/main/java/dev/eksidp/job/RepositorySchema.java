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
