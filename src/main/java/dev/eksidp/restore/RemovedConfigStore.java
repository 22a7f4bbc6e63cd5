package dev.eksidp.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.remediation.RemovalRecorder;
import dev.eksidp.remediation.Target;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;

import java.time.Clock;

/**
 * The removed configs of a run, in its staging rows (EIR_TARGET.REMOVED_CONFIG) so that they live as long as the
 * run's other records, in whatever job repository holds them, also when the report directory does not survive.
 */
public final class RemovedConfigStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final ObjectMapper json = new ObjectMapper();

    public RemovedConfigStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * What apply's removals are recorded with. Each write commits in a transaction of its own, not the chunk's
     * (which commits after the removal was sent); a row keeps its first description.
     */
    public RemovalRecorder recorder(String runId, Clock clock) {
        return (Target target, OidcIdentityProviderConfig config) -> ownTransaction.executeWithoutResult(status -> jdbc.update(
                "UPDATE EIR_TARGET SET REMOVED_CONFIG = ? WHERE RUN_ID = ? AND LINE = ? AND REMOVED_CONFIG IS NULL",
                write(RemovedConfig.of(target, config, clock.instant())), runId, target.line()));
    }

    /** The run's kept descriptions, in line order, one at a time (a run's worth does not have to fit in the heap). */
    public RemovedConfigsFile.Source ofRun(String runId) {
        return sink -> jdbc.query("SELECT REMOVED_CONFIG FROM EIR_TARGET WHERE RUN_ID = ? AND REMOVED_CONFIG IS NOT NULL ORDER BY LINE",
                rs -> {
                    sink.accept(read(rs.getString(1)));
                }, runId);
    }

    private String write(RemovedConfig config) {
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private RemovedConfig read(String text) {
        try {
            return json.readValue(text, RemovedConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept removed config cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
