package dev.eksidp.job;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.Isolation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;

/**
 * The job repository: a JDBC database (an H2 file by default, PostgreSQL for shared use) holding Spring Batch's
 * tables and the staging table, so one transaction covers a chunk's outcomes and the step's progress.
 */
@Configuration
@EnableBatchProcessing
// Spring Batch creates job instances SERIALIZABLE by default; shard processes starting together on PostgreSQL then
// fail with serialization errors. The unique (JOB_NAME, JOB_KEY) constraint still forbids a duplicate instance.
@EnableJdbcJobRepository(isolationLevelForCreate = Isolation.READ_COMMITTED)
public class BatchInfrastructureConfiguration {

    /** Closed by {@link #repositoryCloser}, which may compact the file first. */
    @Bean(destroyMethod = "")
    public HikariDataSource dataSource(@Value("${eksidp.job-repository}") String url,
                                       @Value("${eksidp.db.username:#{null}}") String username,
                                       @Value("${eksidp.db.password:#{null}}") String password,
                                       @Value("${eksidp.db.pool-size:48}") int poolSize) {
        H2File h2 = H2File.of(url).orElse(null);
        if (h2 != null) {
            h2.createDirectory();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(h2Settings(url, h2 != null));
        config.setUsername(username);
        config.setPassword(password);
        // Each running bucket holds one connection for its chunk's transaction.
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(2);
        config.setPoolName("job-repository");
        HikariDataSource dataSource = new HikariDataSource(config);
        new RepositorySchema(dataSource).ensure();
        if (h2 != null) {
            h2.restrictToOwner();
        }
        return dataSource;
    }

    /**
     * Closes the job repository when the command ends. An H2 file that no other connection uses is rewritten
     * compactly first (SHUTDOWN COMPACT): it took 0.2 s for 10,000 rows and left the file 20% smaller than the
     * incremental compaction of MAX_COMPACT_TIME, which spent 5 s of CPU on the same file (JFR, scripts/bench d10k).
     * Another process served through AUTO_SERVER, or another context of this JVM, shows as a session the pool does
     * not hold, and then the file is only closed: a shutdown would close it under them.
     */
    @Bean
    public DisposableBean repositoryCloser(HikariDataSource dataSource) {
        return () -> {
            H2File file = H2File.of(dataSource.getJdbcUrl()).orElse(null);
            try {
                if (file != null) {
                    compactIfAlone(dataSource);
                }
            } finally {
                dataSource.close();
            }
            if (file != null) {
                // The rewritten file was created with the umask's permissions (its directory is owner-only anyway).
                file.restrictToOwner();
            }
        };
    }

    private static void compactIfAlone(HikariDataSource dataSource) {
        try {
            Connection c = dataSource.getConnection();
            boolean alone;
            try (Statement s = c.createStatement();
                 ResultSet sessions = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                alone = sessions.next() && sessions.getInt(1) <= dataSource.getHikariPoolMXBean().getTotalConnections();
            }
            if (!alone) {
                c.close();
                return;
            }
            // Not closed through the pool afterwards: resetting a connection of a database that was shut down
            // fails, and H2 writes that failure to a .trace.db file next to the repository.
            Statement shutdown = c.createStatement();
            shutdown.execute("SHUTDOWN COMPACT");
            dataSource.evictConnection(c);
        } catch (SQLException e) {
            // Compacting is housekeeping: the run's records are committed already, and the file still closes.
        }
    }

    /**
     * H2 settings every H2 URL gets unless it sets them itself. A file is served to other processes while this one
     * holds it (AUTO_SERVER), so executions, plan and verify can read and write it during a run; runs of the same
     * targets are kept apart by the CLI's run locks. H2 refuses AUTO_SERVER with DB_CLOSE_ON_EXIT=FALSE, and a file
     * does not need it: SIGTERM is handled as a signal (GracefulStop), not by shutting the JVM down, so H2's
     * shutdown hook never closes the file under a run recording its stop. A memory database keeps
     * DB_CLOSE_ON_EXIT=FALSE for the same reason. For a file: with WRITE_DELAY=0 every commit appends a chunk to the
     * MVStore file and no background thread compacts it during the run, so the file grew 60 MB per 10,000 rows of
     * which 4.4 MB were live; compressing pages (COMPRESS, LZF: the rows repeat the run id, regions and update
     * parameters) and rewriting the file when the run closes it ({@link #repositoryCloser}) leave 1.7 MB per 10,000
     * rows (measured with scripts/bench d10k). MAX_COMPACT_TIME is for the closes that cannot rewrite it (another
     * process still uses the file) and for the other commands.
     */
    static String h2Settings(String url, boolean file) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder withSettings = new StringBuilder(url);
        if (file && !upper.contains("AUTO_SERVER") && !upper.contains("DB_CLOSE_ON_EXIT")) {
            withSettings.append(";AUTO_SERVER=TRUE");
        } else if (!file && !upper.contains("DB_CLOSE_ON_EXIT")) {
            withSettings.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        if (file && !upper.contains("MAX_COMPACT_TIME")) {
            withSettings.append(";MAX_COMPACT_TIME=5000");
        }
        if (file && !upper.contains("COMPRESS")) {
            withSettings.append(";COMPRESS=TRUE");
        }
        return withSettings.toString();
    }

    @Bean
    public JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
