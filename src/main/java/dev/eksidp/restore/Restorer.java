package dev.eksidp.restore;

import dev.eksidp.aws.AwsErrors;
import dev.eksidp.remediation.Attempt;
import dev.eksidp.remediation.Attempts;
import dev.eksidp.remediation.ClientRequestTokens;
import dev.eksidp.remediation.EksGateway;
import dev.eksidp.remediation.Outcome;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.RemediationPass;
import dev.eksidp.remediation.TargetRemediator;
import dev.eksidp.remediation.TargetResult;
import dev.eksidp.remediation.UpdateResults;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * restore: puts a removed config back with every field and tag it had, after a look at the cluster decides
 * whether that is still right. Every attempt looks first, so a retry, a resume or a second restore never adds
 * a second config:
 * <ul>
 *   <li>a config of that name with the same settings is there: ALREADY_PRESENT (while it is CREATING, the
 *   association is replayed with this row's token, so a lost answer of this run still yields its update);</li>
 *   <li>one of that name with other settings, or another OIDC config (a cluster takes one): CONFLICT, nothing sent;</li>
 *   <li>the cluster is gone: CLUSTER_NOT_FOUND; busy or not ACTIVE (told by the associate's 409 or 400): tried again
 *   later (busy backoff);</li>
 *   <li>otherwise AssociateIdentityProviderConfig with the run's stable token: RESTORED.</li>
 * </ul>
 */
public final class Restorer implements TargetRemediator {

    private static final String ACTIVE = "ACTIVE";
    private static final String CREATING = "CREATING";
    private static final String DELETING = "DELETING";

    private final RemediationPass pass;
    private final Map<String, RemovedConfig> removed;
    private final UpdateResults updates = new UpdateResults();

    /** @param removed the configs to put back, by target key */
    public Restorer(RemediationPass pass, Map<String, RemovedConfig> removed) {
        this.pass = pass;
        this.removed = Map.copyOf(removed);
    }

    @Override
    public TargetResult remediate(Target target) {
        RemovedConfig config = removed.get(target.key());
        if (config == null) {
            // Only rows of the sealed removed-configs.json become restore targets; this is a bug, not bad input.
            throw new IllegalStateException("no removed config for line " + target.line() + " (" + target.key() + ")");
        }
        String token = ClientRequestTokens.forTarget(pass.runId(), target);
        return pass.loop().run(target.line(), target.priorAttempts(), () -> attempt(target, config, token));
    }

    private Attempt attempt(Target target, RemovedConfig config, String token) {
        try {
            EksGateway eks = pass.gateways().forTarget(target);
            Optional<OidcIdentityProviderConfig> live = eks.describeProvider(target);
            if (live.isPresent()) {
                return sameName(eks, target, config, live.get(), token);
            }
            List<String> others;
            try {
                others = eks.providerNames(target.clusterName());
            } catch (ResourceNotFoundException e) {
                // ListIdentityProviderConfigs answers 404 for a cluster that is not there: one call tells both.
                return Attempts.done(target.line(), Outcome.CLUSTER_NOT_FOUND);
            }
            if (!others.isEmpty()) {
                return conflict(target, "the cluster now has " + String.join(", ", others)
                        + " and takes one OIDC config; nothing was changed");
            }
            return associate(eks, target, config, token);
        } catch (RuntimeException e) {
            // A stop passes through: fromError rethrows it.
            return Attempts.fromError(target.line(), e);
        }
    }

    private Attempt sameName(EksGateway eks, Target target, RemovedConfig config, OidcIdentityProviderConfig live, String token) {
        String differences = config.differencesFrom(live);
        if (!differences.isEmpty()) {
            return conflict(target, "the cluster has a config named " + config.name() + " with other settings ("
                    + differences + "); nothing was changed");
        }
        String status = live.statusAsString();
        if (DELETING.equals(status)) {
            // Still being removed (the apply's own update, or someone else's): it can come back once it is gone.
            return busy(target, "ProviderDeleting", "the config is still DELETING");
        }
        if (CREATING.equals(status)) {
            try {
                // This run's own association whose answer was lost replays as the same update; anyone else's is refused.
                return restored(eks, target, config, token);
            } catch (ResourceInUseException | InvalidRequestException e) {
                return present(target, status);
            }
        }
        return present(target, status);
    }

    private Attempt associate(EksGateway eks, Target target, RemovedConfig config, String token) {
        try {
            return restored(eks, target, config, token);
        } catch (InvalidRequestException e) {
            // Most often a cluster that is not ACTIVE: its status is read only then, not on every row's look.
            Optional<String> cluster = eks.clusterStatus(target.clusterName());
            if (cluster.isEmpty()) {
                return Attempts.done(target.line(), Outcome.CLUSTER_NOT_FOUND);
            }
            return cluster.get().equals(ACTIVE) ? busy(target, AwsErrors.code(e), AwsErrors.message(e))
                    : busy(target, "ClusterNotActive", "cluster status is " + cluster.get());
        } catch (ResourceInUseException e) {
            // Another update runs, or the cluster changed since the look: the next attempt looks again and decides.
            return busy(target, AwsErrors.code(e), AwsErrors.message(e));
        }
    }

    /** Sends the association with the row's token; the row is RESTORED with the update EKS answers. */
    private Attempt restored(EksGateway eks, Target target, RemovedConfig config, String token) {
        return new Attempt.Done(updates.fromUpdate(target.line(), Outcome.RESTORED,
                eks.associate(target.clusterName(), config.request(), config.tags(), token)));
    }

    private Attempt busy(Target target, String code, String message) {
        return pass.deferBusy() ? new Attempt.Done(TargetResult.deferred(target.line(), code, message))
                : new Attempt.Again(RetryPolicy.Backoff.BUSY, code, message);
    }

    private static Attempt present(Target target, String status) {
        return new Attempt.Done(TargetResult.error(target.line(), Outcome.ALREADY_PRESENT, null,
                "a config with every same setting and tag is on the cluster (" + status + ")", 0));
    }

    private static Attempt conflict(Target target, String message) {
        return new Attempt.Done(TargetResult.error(target.line(), Outcome.CONFLICT, "ConflictingConfig", message, 0));
    }
}
