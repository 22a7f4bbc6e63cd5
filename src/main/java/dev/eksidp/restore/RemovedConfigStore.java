package dev.eksidp.restore;

import dev.eksidp.remediation.RemovalRecorder;
import dev.eksidp.remediation.Target;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;

import java.time.Clock;

/**
 * The removed configs of a run, in its staging rows (EIR_TARGET.REMOVED_CONFIG, in {@link RemovedConfig#storedForm()};
 * the report reads them whole through {@link RemovedConfig#wholeJson}) so that they live as long as the
 * run's other records, in whatever job repository holds them, also when the report directory does not survive.
 */
public final class RemovedConfigStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public RemovedConfigStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * What apply's removals are recorded with. Each write is committed before it returns, in a transaction of its
     * own (shared with the rows recorded at the same moment), not the chunk's, which commits after the removal was
     * sent; a row keeps its first description.
     */
    public RemovalRecorder recorder(String runId, Clock clock) {
        GroupCommit<Object[]> commits = new GroupCommit<>(rows -> ownTransaction.executeWithoutResult(status -> jdbc.batchUpdate(
                "UPDATE EIR_TARGET SET REMOVED_CONFIG = ? WHERE RUN_ID = ? AND LINE = ? AND REMOVED_CONFIG IS NULL", rows)));
        return (Target target, OidcIdentityProviderConfig config) -> commits.write(
                new Object[] {RemovedConfig.of(target, config, clock.instant()).storedForm(), runId, target.line()});
    }
}
