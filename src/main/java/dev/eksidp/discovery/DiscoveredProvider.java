package dev.eksidp.discovery;

/** An identity provider config that matched: one line of the targets file discovery writes. */
public record DiscoveredProvider(String accountId, String region, String clusterName, String providerType,
                                 String providerName, String issuerUrl) {
}
