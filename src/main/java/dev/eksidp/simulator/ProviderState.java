package dev.eksidp.simulator;

import java.util.UUID;

/**
 * One identity provider config on a cluster: its settings as associated, its ARN and its status.
 * Guarded by its ClusterState's lock.
 */
final class ProviderState {
    final String name;
    final String type;
    /** Every field AssociateIdentityProviderConfig took; its status field is not kept up to date, {@link #status} is. */
    final Fleet.IdentityProvider settings;
    /** A re-associated config gets a new ARN, as on EKS. */
    final String arnId = UUID.randomUUID().toString();
    String status;

    ProviderState(Fleet.IdentityProvider settings) {
        this.name = settings.name();
        this.type = settings.type();
        this.settings = settings;
        this.status = settings.status();
    }

    Fleet.IdentityProvider describe() {
        return settings.withStatus(status);
    }
}
