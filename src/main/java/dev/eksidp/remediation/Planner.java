package dev.eksidp.remediation;


import java.util.Optional;

/** plan: looks at the cluster and the provider with read calls only and says what apply would do. */
public final class Planner implements TargetRemediator {

    private static final String ACTIVE = "ACTIVE";

    private final EksGateways gateways;
    private final AttemptLoop loop;
    private final ProviderLookup lookup = new ProviderLookup();

    public Planner(EksGateways gateways, AttemptLoop loop) {
        this.gateways = gateways;
        this.loop = loop;
    }

    @Override
    public TargetResult remediate(Target target) {
        return loop.run(target.line(), () -> attempt(target));
    }

    private Attempt attempt(Target target) {
        try {
            EksGateway eks = gateways.forTarget(target);
            Optional<String> provider = eks.providerStatus(target);
            Optional<String> cluster = eks.clusterStatus(target.clusterName());
            if (cluster.isEmpty()) {
                return Attempts.done(target.line(), Outcome.CLUSTER_NOT_FOUND);
            }
            if (provider.isEmpty() || provider.get().equals(ProviderLookup.DELETING)) {
                // What apply would find: the same decision (another update removing it, a look-alike name, ...).
                return new Attempt.Done(lookup.decide(eks, target, provider, true, null));
            }
            if (!cluster.get().equals(ACTIVE)) {
                return Attempts.clusterNotActive(target.line(), cluster.get());
            }
            if (!provider.get().equals(ACTIVE)) {
                return blocked(target, "ProviderNotActive", "provider config status is " + provider.get());
            }
            return Attempts.done(target.line(), Outcome.WOULD_DISASSOCIATE);
        } catch (RuntimeException e) {
            // A stop passes through: fromError rethrows it.
            return Attempts.fromError(target.line(), e);
        }
    }

    private static Attempt blocked(Target target, String code, String message) {
        return new Attempt.Done(TargetResult.error(target.line(), Outcome.BLOCKED, code, message, 0));
    }
}
