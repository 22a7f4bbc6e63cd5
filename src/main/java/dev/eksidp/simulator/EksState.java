package dev.eksidp.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All clusters of the fleet, keyed by (account, region, name), as EKS partitions them. */
final class EksState {
    private final Map<String, ClusterState> clusters = new LinkedHashMap<>();
    private final Map<String, Set<String>> locationsByName = new HashMap<>();

    EksState(Fleet fleet, Instant start) {
        for (Fleet.Account a : fleet.accounts()) {
            for (Fleet.Cluster c : a.clusters()) {
                clusters.put(key(a.id(), c.region(), c.name()), new ClusterState(a.id(), c, start, fleet.updateDurationMs()));
                locationsByName.computeIfAbsent(c.name(), n -> new HashSet<>()).add(a.id() + "/" + c.region());
            }
        }
    }

    ClusterState find(String accountId, String region, String name) {
        return clusters.get(key(accountId, region, name));
    }

    /** True when a cluster of this name exists, but not in this (account, region): the caller is looking in the wrong place. */
    boolean existsElsewhere(String accountId, String region, String name) {
        Set<String> where = locationsByName.get(name);
        return where != null && !where.contains(accountId + "/" + region);
    }

    List<ClusterState> list(String accountId, String region) {
        List<ClusterState> out = new ArrayList<>();
        for (ClusterState c : clusters.values()) {
            if (c.accountId.equals(accountId) && c.region.equals(region)) out.add(c);
        }
        return out;
    }

    private static String key(String accountId, String region, String name) {
        return accountId + "/" + region + "/" + name;
    }
}
