package dev.eksidp.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One simulated cluster with its providers, updates and the clientRequestTokens it has seen.
 * Every method is synchronized: a cluster is the unit of consistency in EKS too (one update at a
 * time), and the lock is per cluster so calls to different clusters never contend.
 */
final class ClusterState {
    /** What a clientRequestToken was first used for; a replay must match it exactly. */
    record TokenUse(String operation, String fingerprint, String updateId) {
    }

    final String accountId;
    final String region;
    final String name;
    final String status;
    /** Listed by ListClusters, unknown to every other call. */
    final boolean ghost;
    final Instant createdAt;
    final String clusterId = UUID.randomUUID().toString();
    private final String busyUpdateId = UUID.randomUUID().toString();
    private int busyRemaining;
    private final Map<String, ProviderState> providers = new LinkedHashMap<>();
    private final Map<String, UpdateRecord> updates = new LinkedHashMap<>();
    private final Map<String, UpdateRecord> unsettled = new LinkedHashMap<>();
    private final Map<String, TokenUse> tokens = new HashMap<>();

    ClusterState(String accountId, Fleet.Cluster spec, Instant start, long updateDurationMs) {
        this.accountId = accountId;
        this.region = spec.region();
        this.name = spec.name();
        this.status = spec.status();
        this.ghost = spec.ghost();
        this.createdAt = start.minusSeconds(86_400L * 30);
        this.busyRemaining = spec.busy();
        for (Fleet.IdentityProvider p : spec.identityProviders()) {
            ProviderState ps = new ProviderState(p.name(), p.type(), p.issuerUrl(), p.clientId(), p.status(), UUID.randomUUID().toString());
            providers.put(p.name(), ps);
            // A provider the fleet shows mid-change has an update in flight, finishing like any other.
            if (p.status().equals("CREATING")) {
                addUpdate(UpdateFactory.associate(p.name(), p.type(), start, updateDurationMs));
            } else if (p.status().equals("DELETING")) {
                addUpdate(UpdateFactory.disassociate(p.name(), start, updateDurationMs));
            }
        }
    }

    Optional<ProviderState> provider(String providerName, Instant now) {
        return settled(now, () -> Optional.ofNullable(providers.get(providerName)));
    }

    List<ProviderState> providers(Instant now) {
        return settled(now, () -> new ArrayList<>(providers.values()));
    }

    Optional<UpdateRecord> update(String id, Instant now) {
        return settled(now, () -> Optional.ofNullable(updates.get(id)));
    }

    List<String> updateIds(Instant now) {
        return settled(now, () -> new ArrayList<>(updates.keySet()));
    }

    /** Reads the state as it is at {@code now}: the updates that have ended by then are applied first. */
    private synchronized <T> T settled(Instant now, java.util.function.Supplier<T> read) {
        settle(now);
        return read.get();
    }

    synchronized TokenUse token(String token) {
        return token == null ? null : tokens.get(token);
    }

    /** The update that currently blocks a new one, if any. */
    synchronized Optional<UpdateRecord> inProgress(Instant now) {
        settle(now);
        return unsettled.values().stream().findFirst();
    }

    /** Consumes one unit of the fleet's "busy" count; returns the blocking update id while any is left. */
    synchronized Optional<String> takeBusy() {
        if (busyRemaining <= 0) return Optional.empty();
        busyRemaining--;
        return Optional.of(busyUpdateId);
    }

    synchronized int busyRemaining() {
        return busyRemaining;
    }

    synchronized void startRemoval(ProviderState p, UpdateRecord u, String token, String operation, String fingerprint) {
        p.status = "DELETING";
        addUpdate(u);
        if (token != null) tokens.put(token, new TokenUse(operation, fingerprint, u.id()));
    }

    synchronized void startAssociation(ProviderState p, UpdateRecord u, String token, String operation, String fingerprint) {
        providers.put(p.name, p);
        addUpdate(u);
        if (token != null) tokens.put(token, new TokenUse(operation, fingerprint, u.id()));
    }

    synchronized boolean exists(String providerName, Instant now) {
        settle(now);
        return providers.containsKey(providerName);
    }

    private void addUpdate(UpdateRecord u) {
        updates.put(u.id(), u);
        unsettled.put(u.id(), u);
    }

    /** Applies the effect of every update that has completed by {@code now}. */
    private void settle(Instant now) {
        if (unsettled.isEmpty()) return;
        var it = unsettled.values().iterator();
        while (it.hasNext()) {
            UpdateRecord u = it.next();
            if (!u.done(now)) continue;
            if (u.removesProvider()) {
                providers.remove(u.providerName());
            } else {
                ProviderState p = providers.get(u.providerName());
                if (p != null) p.status = "ACTIVE";
            }
            it.remove();
        }
    }
}
