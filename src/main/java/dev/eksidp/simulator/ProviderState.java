package dev.eksidp.simulator;

/** Mutable state of one identity provider config; guarded by its ClusterState's lock. */
final class ProviderState {
    final String name;
    final String type;
    final String issuerUrl;
    final String clientId;
    final String arnId;
    String status;

    ProviderState(String name, String type, String issuerUrl, String clientId, String status, String arnId) {
        this.name = name;
        this.type = type;
        this.issuerUrl = issuerUrl;
        this.clientId = clientId;
        this.status = status;
        this.arnId = arnId;
    }
}
