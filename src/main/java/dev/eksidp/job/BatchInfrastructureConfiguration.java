package dev.eksidp.job;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.Isolation;

import javax.sql.DataSource;
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

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(@Value("${eksidp.job-repository}") String url,
                                       @Value("${eksidp.db.username:#{null}}") String username,
                                       @Value("${eksidp.db.password:#{null}}") String password,
                                       @Value("${eksidp.db.pool-size:48}") int poolSize) {
        H2File h2 = H2File.of(url).orElse(null);
        if (h2 != null) {
            h2.createDirectory();
        }
        HikariConfig config = new HikariConfig();
        // On SIGTERM the run must still record its stop after H2's own shutdown hook would have closed the file.
        config.setJdbcUrl(url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")
                ? url + ";DB_CLOSE_ON_EXIT=FALSE" : url);
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
