package dev.eksidp.remediation;

import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;

/**
 * Keeps the full description of a config apply is about to remove, before the removal is sent: once it is gone,
 * nobody has its issuer, claims, prefixes and tags any more, and {@code restore} needs every one of them.
 */
@FunctionalInterface
public interface RemovalRecorder {

    /** Must be durable when it returns; the first description of a row is the one kept. */
    void beforeRemoval(Target target, OidcIdentityProviderConfig config);
}
