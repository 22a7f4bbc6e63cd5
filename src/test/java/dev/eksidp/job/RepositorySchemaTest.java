package dev.eksidp.job;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A repository written by an earlier release gets the columns added since, and keeps its rows. */
class RepositorySchemaTest {

    @Test
    void anEarlierReleasesStagingTableGetsTheAddedColumns() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(h2);
        jdbc.execute("CREATE TABLE EIR_TARGET (RUN_ID VARCHAR(64) NOT NULL, LINE BIGINT NOT NULL, ACCOUNT_ID VARCHAR(128), "
                + "REGION VARCHAR(128), CLUSTER_NAME VARCHAR(256), PROVIDER_TYPE VARCHAR(128), PROVIDER_NAME VARCHAR(256), "
                + "ROLE_ARN VARCHAR(512), TARGET_KEY VARCHAR(1024), ACTIONABLE BOOLEAN NOT NULL, OUTCOME VARCHAR(32), "
                + "UPDATE_ID VARCHAR(64), UPDATE_STATUS VARCHAR(32), ERROR_CODE VARCHAR(128), ERROR_MESSAGE VARCHAR(2000), "
                + "ATTEMPTS INT DEFAULT 0 NOT NULL, UPDATE_CREATED_AT TIMESTAMP WITH TIME ZONE, UPDATE_PARAMS VARCHAR(4000), "
                + "UPDATE_ERRORS VARCHAR(4000), PRIMARY KEY (RUN_ID, LINE))");
        jdbc.update("INSERT INTO EIR_TARGET (RUN_ID, LINE, ACTIONABLE, OUTCOME) VALUES ('old', 2, TRUE, 'DISASSOCIATED')");

        new RepositorySchema(h2).ensure();
        new RepositorySchema(h2).ensure();

        jdbc.update("UPDATE EIR_TARGET SET PARTITION_KEY = 'p', REMOVED_CONFIG = '{}', DONE_BY_EXECUTION = 7 WHERE RUN_ID = 'old'");
        assertThat(jdbc.queryForObject("SELECT OUTCOME || PARTITION_KEY || REMOVED_CONFIG || DONE_BY_EXECUTION FROM EIR_TARGET",
                String.class)).isEqualTo("DISASSOCIATEDp{}7");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'EIR_TARGET_PARTITION'",
                Integer.class)).isPositive();
    }

    /**
     * The script runs at every start, also while other processes work on the tables: an ALTER TABLE there, even one
     * that finds its column, queues every later statement on the table behind their open transactions (PostgreSQL
     * deadlocked that way twice). Columns are added in RepositorySchema, only when missing.
     */
    @Test
    void theSchemaScriptAltersNoTable() throws Exception {
        String script = new String(getClass().getResourceAsStream("/db/targets-schema.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(script.lines().filter(l -> !l.strip().startsWith("--")).map(String::toUpperCase))
                .noneMatch(l -> l.contains("ALTER TABLE"));
    }
}
