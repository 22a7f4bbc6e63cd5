package dev.eksidp.simulator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds the Update objects EKS returns for identity provider changes. */
final class UpdateFactory {
    private UpdateFactory() {
    }

    /**
     * EKS reports a disassociation with a single IdentityProviderConfig param whose value is "[]"
     * (the configs left after the change), as in the API reference example.
     */
    static UpdateRecord disassociate(String providerName, Instant now, long durationMs) {
        return new UpdateRecord(UUID.randomUUID().toString(), "DisassociateIdentityProviderConfig",
                List.of(new UpdateRecord.Param("IdentityProviderConfig", "[]")), now, now.plusMillis(durationMs), providerName, true);
    }

    static UpdateRecord associate(String providerName, String type, Instant now, long durationMs) {
        String value = "[{\"type\":\"" + type + "\",\"name\":\"" + providerName + "\"}]";
        return new UpdateRecord(UUID.randomUUID().toString(), "AssociateIdentityProviderConfig",
                List.of(new UpdateRecord.Param("IdentityProviderConfig", value)), now, now.plusMillis(durationMs), providerName, false);
    }
}
