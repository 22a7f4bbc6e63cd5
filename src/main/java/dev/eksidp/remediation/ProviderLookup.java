package dev.eksidp.remediation;

import software.amazon.awssdk.services.eks.model.Update;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fresh look at a provider that a call did not find or could not change (404, 409, 400 InvalidRequest): the
 * answer's code says something is off, the cluster's state says what. Outcomes are decided from that state,
 * never from message text:
 * <ul>
 *   <li>the provider is still there and not DELETING: nothing decided (the cluster is busy or not ACTIVE);</li>
 *   <li>it is DELETING, or gone, after a request of this run may have reached the service (its answer was lost):
 *   DISASSOCIATED, with the update found through ListUpdates when there is one;</li>
 *   <li>it is DELETING otherwise: ALREADY_ABSENT, another update is removing it;</li>
 *   <li>the cluster does not exist (or only ListClusters knows it): CLUSTER_NOT_FOUND;</li>
 *   <li>a config whose name only looks different is there: PROVIDER_MISMATCH, nothing changed;</li>
 *   <li>otherwise ALREADY_ABSENT, naming the configs the cluster does have.</li>
 * </ul>
 */
final class ProviderLookup {

    static final String DELETING = "DELETING";

    private final ProviderNames names = new ProviderNames();
    private final UpdateResults updates = new UpdateResults();

    /**
     * @param sentBefore when a request of this run for this target may have reached the service without an
     *                   answer (null if none did): a provider gone since then is this run's change
     * @return the row's result, or empty while the provider is still on the cluster
     */
    Optional<TargetResult> look(EksGateway eks, Target target, Instant sentBefore) {
        Optional<String> status = eks.providerStatus(target);
        if (status.isPresent() && !status.get().equals(DELETING)) {
            return Optional.empty();
        }
        boolean clusterExists = status.isPresent() || eks.clusterStatus(target.clusterName()).isPresent();
        return Optional.of(decide(eks, target, status, clusterExists, sentBefore));
    }

    /** The result for a provider known to be DELETING or absent ({@code status}), on a cluster that may not exist. */
    TargetResult decide(EksGateway eks, Target target, Optional<String> status, boolean clusterExists, Instant sentBefore) {
        if (!clusterExists) {
            return TargetResult.of(target.line(), Outcome.CLUSTER_NOT_FOUND, 0);
        }
        if (sentBefore != null) {
            return ourLostChange(eks, target, sentBefore);
        }
        if (status.isPresent()) {
            Optional<Update> removing = eks.disassociationSince(target.clusterName(), Instant.EPOCH);
            return TargetResult.error(target.line(), Outcome.ALREADY_ABSENT, "ProviderDeleting",
                    "another update is removing it" + removing.map(u -> " (update " + u.id() + ", " + u.statusAsString() + ")").orElse(""), 0);
        }
        return absent(eks, target);
    }

    private TargetResult ourLostChange(EksGateway eks, Target target, Instant sentBefore) {
        Optional<Update> ours = eks.disassociationSince(target.clusterName(), sentBefore);
        if (ours.isPresent()) {
            TargetResult r = updates.fromUpdate(target.line(), Outcome.DISASSOCIATED, ours.get());
            return new TargetResult(r.line(), r.outcome(), r.updateId(), r.updateStatus(), "ResponseLost",
                    "the answer to this run's request was lost; the update it started was found with ListUpdates", 0,
                    r.updateCreatedAt(), r.updateParamsJson(), r.updateErrorsJson());
        }
        return TargetResult.error(target.line(), Outcome.DISASSOCIATED, "ResponseLost",
                "the answer to this run's request was lost and the provider is gone since; its update was not found", 0);
    }

    private TargetResult absent(EksGateway eks, Target target) {
        List<String> present = eks.providerNames(target.clusterName());
        Optional<String> lookAlike = names.nearMiss(target.providerName(), present);
        if (lookAlike.isPresent()) {
            return TargetResult.error(target.line(), Outcome.PROVIDER_MISMATCH, "ProviderNameMismatch",
                    "the cluster has '" + lookAlike.get() + "', which differs from '" + target.providerName()
                            + "' only by case, white space, invisible or look-alike characters; nothing was changed", 0);
        }
        return TargetResult.error(target.line(), Outcome.ALREADY_ABSENT, null, present.isEmpty()
                ? "the cluster has no identity provider config" : "the cluster has: " + String.join(", ", present), 0);
    }
}
