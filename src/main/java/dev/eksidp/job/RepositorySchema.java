package dev.eksidp.job;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Creates Spring Batch's tables and the staging table when a repository database is new. */
final class RepositorySchema {

    private final DataSource dataSource;

    RepositorySchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void ensure() {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String platform = product.contains("postgres") ? "postgresql" : "h2";
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
            if (!batchTablesExist(c)) {
                populator.addScript(new ClassPathResource("org/springframework/batch/core/schema-" + platform + ".sql"));
            }
            populator.addScript(new ClassPathResource("db/targets-schema.sql"));
            populator.populate(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
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
