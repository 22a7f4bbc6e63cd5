package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The EKS operations, with the state rules of the real service: lookups scoped to the caller's
 * account and the signature's region, one update per cluster, idempotency by clientRequestToken.
 * Returns response bodies as maps (serialised as JSON by the caller) or throws ApiException.
 */
final class EksApi {
    private static final String DISASSOCIATE = "DisassociateIdentityProviderConfig";
    private static final String ASSOCIATE = "AssociateIdentityProviderConfig";
    private static final Set<String> SUPPORTED_TYPES = Set.of("oidc");

    private final EksState state;
    private final SimClock clock;
    private final SimulatorStats stats;
    private final long updateDurationMs;
    private final Fleet.Quirks quirks;

    EksApi(EksState state, SimClock clock, SimulatorStats stats, long updateDurationMs, Fleet.Quirks quirks) {
        this.state = state;
        this.clock = clock;
        this.stats = stats;
        this.updateDurationMs = updateDurationMs;
        this.quirks = quirks;
    }

    Map<String, Object> handle(EksRoute route, Principal caller, String region, Map<String, String> query, JsonNode body) {
        return switch (route.operation()) {
            case "ListClusters" -> listClusters(caller, region, query);
            case "DescribeCluster" -> describeCluster(cluster(caller, region, route.cluster()));
            case "ListIdentityProviderConfigs" -> listProviders(cluster(caller, region, route.cluster()), query);
            case "DescribeIdentityProviderConfig" -> describeProvider(cluster(caller, region, route.cluster()), body);
            case "AssociateIdentityProviderConfig" -> associate(cluster(caller, region, route.cluster()), body);
            case DISASSOCIATE -> disassociate(cluster(caller, region, route.cluster()), body);
            case "DescribeUpdate" -> describeUpdate(cluster(caller, region, route.cluster()), route.updateId());
            case "ListUpdates" -> listUpdates(cluster(caller, region, route.cluster()), query);
            default -> throw Errors.eks(400, "InvalidRequestException", "Unsupported operation " + route.operation(), null);
        };
    }

    private ClusterState cluster(Principal caller, String region, String name) {
        // The hub owns no clusters: a hub-signed EKS call is a client that forgot to assume the role.
        ClusterState c = caller.hub() ? null : state.find(caller.accountId(), region, name);
        if (c != null && c.ghost) {
            throw Errors.clusterNotFound(name);
        }
        if (c == null) {
            if (state.existsElsewhere(caller.accountId(), region, name)) stats.crossAccountMiss();
            throw Errors.clusterNotFound(name);
        }
        return c;
    }

    private Map<String, Object> listClusters(Principal caller, String region, Map<String, String> query) {
        List<String> names = new ArrayList<>();
        if (!caller.hub()) state.list(caller.accountId(), region).forEach(c -> names.add(c.name));
        Pager.Page<String> page = Pager.page(names, query.get("maxResults"), query.get("nextToken"), 100, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clusters", page.items());
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    private Map<String, Object> describeCluster(ClusterState c) {
        Map<String, Object> cl = new LinkedHashMap<>();
        cl.put("name", c.name);
        cl.put("arn", arn(c, "cluster/" + c.name));
        cl.put("createdAt", epoch(c.createdAt));
        cl.put("version", "1.31");
        cl.put("endpoint", "https://" + c.clusterId.replace("-", "").substring(0, 32).toUpperCase() + ".gr7." + c.region + ".eks.amazonaws.com");
        cl.put("roleArn", "arn:" + partition(c.region) + ":iam::" + c.accountId + ":role/eks-cluster-role");
        cl.put("resourcesVpcConfig", Map.of("subnetIds", List.of(), "securityGroupIds", List.of(),
                "endpointPublicAccess", true, "endpointPrivateAccess", false));
        cl.put("identity", Map.of("oidc", Map.of("issuer", clusterIssuer(c))));
        cl.put("status", c.status);
        cl.put("certificateAuthority", Map.of("data", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="));
        cl.put("platformVersion", "eks.1");
        cl.put("tags", Map.of());
        cl.put("id", c.clusterId);
        return Map.of("cluster", cl);
    }

    private Map<String, Object> listProviders(ClusterState c, Map<String, String> query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String maxResults = query.get("maxResults");
        if (quirks.listMaxResultsMustBe1() && maxResults != null && !maxResults.equals("1")) {
            throw Errors.eks(400, "InvalidParameterException", "maxResults needs to be 1", c.name);
        }
        for (ProviderState p : c.providers(clock.now())) all.add(Map.of("type", p.type, "name", p.name));
        Pager.Page<Map<String, Object>> page = Pager.page(all, query.get("maxResults"), query.get("nextToken"), 100, c.name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityProviderConfigs", page.items());
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    private Map<String, Object> describeProvider(ClusterState c, JsonNode body) {
        ProviderRef ref = providerRef(c, body);
        ProviderState p = c.provider(ref.name(), clock.now()).filter(x -> x.type.equals(ref.type()))
                .orElseThrow(() -> Errors.configNotFound(c.name, ref.type(), ref.name()));
        Fleet.IdentityProvider d = p.describe();
        Map<String, Object> oidc = new LinkedHashMap<>();
        oidc.put("identityProviderConfigName", p.name);
        oidc.put("identityProviderConfigArn", arn(c, "identityproviderconfig/" + c.name + "/" + p.type + "/" + p.name + "/" + p.arnId));
        oidc.put("clusterName", c.name);
        oidc.put("issuerUrl", d.issuerUrl());
        oidc.put("clientId", d.clientId());
        oidc.put("usernameClaim", d.usernameClaim());
        if (d.usernamePrefix() != null) oidc.put("usernamePrefix", d.usernamePrefix());
        oidc.put("groupsClaim", d.groupsClaim());
        if (d.groupsPrefix() != null) oidc.put("groupsPrefix", d.groupsPrefix());
        oidc.put("requiredClaims", d.requiredClaims());
        oidc.put("tags", d.tags());
        oidc.put("status", d.status());
        return Map.of("identityProviderConfig", Map.of("oidc", oidc));
    }

    private Map<String, Object> disassociate(ClusterState c, JsonNode body) {
        ProviderRef ref = providerRef(c, body);
        String token = text(body, "clientRequestToken");
        Instant now = clock.now();
        // The whole decision is atomic per cluster: two racing tokens must not both start an update.
        synchronized (c) {
            Optional<Map<String, Object>> replay = replay(c, token, DISASSOCIATE, ref.type() + "|" + ref.name(), now);
            if (replay.isPresent()) return replay.get();
            requireChangeable(c, DISASSOCIATE);
            ProviderState p = c.provider(ref.name(), now).filter(x -> x.type.equals(ref.type()))
                    .orElseThrow(() -> quirks.notAssociatedAs400()
                            ? Errors.eks(400, "InvalidRequestException", "Identity provider config is not associated with cluster " + c.name, c.name)
                            : Errors.configNotFound(c.name, ref.type(), ref.name()));
            Optional<UpdateRecord> running = c.inProgress(now);
            if (running.isPresent()) throw Errors.updateInProgress(DISASSOCIATE, c.name, running.get().id());
            UpdateRecord u = UpdateFactory.disassociate(p.name, now, updateDurationMs);
            c.startRemoval(p, u, token, DISASSOCIATE, ref.type() + "|" + ref.name());
            stats.change(c.accountId, c.region, c.name, p.name, token);
            return Map.of("update", update(u, now));
        }
    }

    private Map<String, Object> associate(ClusterState c, JsonNode body) {
        JsonNode oidc = body == null ? null : body.get("oidc");
        String name = text(oidc, "identityProviderConfigName");
        String issuer = text(oidc, "issuerUrl");
        String clientId = text(oidc, "clientId");
        if (name == null || issuer == null || clientId == null) {
            throw Errors.eks(400, "InvalidParameterException", "oidc.identityProviderConfigName, oidc.issuerUrl and oidc.clientId are required.", c.name);
        }
        if (!issuer.startsWith("https://")) throw Errors.eks(400, "InvalidParameterException", "The issuerUrl must use the https scheme.", c.name);
        // Seen on real EKS (terraform-aws-modules/terraform-aws-eks #3328): the cluster's own IRSA issuer is refused.
        if (issuer.equals(clusterIssuer(c))) {
            throw Errors.eks(400, "InvalidParameterException", "Incorrect Identity Provider URL configuration. "
                    + "The Identity Provider URL cannot be same as OpenID Connect (OIDC) issuer URL", c.name);
        }
        Fleet.IdentityProvider requested = new Fleet.IdentityProvider(name, "oidc", issuer, clientId, "CREATING",
                text(oidc, "usernameClaim"), text(oidc, "usernamePrefix"), text(oidc, "groupsClaim"), text(oidc, "groupsPrefix"),
                strings(oidc == null ? null : oidc.get("requiredClaims")), strings(body.get("tags")));
        String token = text(body, "clientRequestToken");
        String fingerprint = fingerprint(requested);
        Instant now = clock.now();
        synchronized (c) {
            Optional<Map<String, Object>> replay = replay(c, token, ASSOCIATE, fingerprint, now);
            if (replay.isPresent()) return replay.get();
            requireChangeable(c, ASSOCIATE);
            Optional<UpdateRecord> running = c.inProgress(now);
            if (running.isPresent()) throw Errors.updateInProgress(ASSOCIATE, c.name, running.get().id());
            if (c.exists(name, now)) {
                throw Errors.eks(409, "ResourceInUseException", "An identity provider config with name " + name + " is already associated with cluster " + c.name + ".", c.name);
            }
            // EKS takes one OIDC config per cluster. No public log quotes the refusal, so the wording is ours;
            // InvalidRequestException is among the operation's modelled errors.
            Optional<ProviderState> other = c.providers(now).stream().filter(p -> p.type.equals("oidc")).findFirst();
            if (other.isPresent()) {
                throw Errors.eks(400, "InvalidRequestException", "Cluster " + c.name + " already has an oidc identity provider config ("
                        + other.get().name + "); a cluster can have one.", c.name);
            }
            ProviderState p = new ProviderState(requested);
            UpdateRecord u = UpdateFactory.associate(name, "oidc", now, updateDurationMs);
            c.startAssociation(p, u, token, ASSOCIATE, fingerprint);
            stats.change(c.accountId, c.region, c.name, name, token);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("update", update(u, now));
            out.put("tags", requested.tags());
            return out;
        }
    }

    /** Same token, same request: the original update, whatever happened since. Same token, other request: a client bug. */
    private Optional<Map<String, Object>> replay(ClusterState c, String token, String operation, String fingerprint, Instant now) {
        ClusterState.TokenUse used = c.token(token);
        if (used == null) return Optional.empty();
        if (quirks.forgetTokensAfterUpdate() && !c.update(used.updateId(), now).orElseThrow().status(now).equals("InProgress")) {
            return Optional.empty();
        }
        if (!used.operation().equals(operation) || !used.fingerprint().equals(fingerprint)) {
            throw Errors.eks(400, "InvalidParameterException",
                    "The clientRequestToken " + token + " was already used for a different request.", c.name);
        }
        stats.idempotentReplay();
        UpdateRecord u = c.update(used.updateId(), now).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("update", update(u, now));
        if (operation.equals(ASSOCIATE)) out.put("tags", c.provider(u.providerName(), now).map(p -> p.settings.tags()).orElse(Map.of()));
        return Optional.of(out);
    }

    private Map<String, Object> describeUpdate(ClusterState c, String updateId) {
        Instant now = clock.now();
        UpdateRecord u = c.update(updateId, now)
                .orElseThrow(() -> Errors.eks(404, "ResourceNotFoundException", "No update found for ID: " + updateId, c.name));
        return Map.of("update", update(u, now));
    }

    private Map<String, Object> listUpdates(ClusterState c, Map<String, String> query) {
        Pager.Page<String> page = Pager.page(c.updateIds(clock.now()), query.get("maxResults"), query.get("nextToken"), 100, c.name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updateIds", page.items());
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    /** An ACTIVE cluster that the fleet does not show busy (its busy count, used up one change at a time). */
    private void requireChangeable(ClusterState c, String operation) {
        if (!c.status.equals("ACTIVE")) {
            throw Errors.eks(400, "InvalidRequestException", "Cluster '" + c.name + "' is not in ACTIVE status", c.name);
        }
        Optional<String> busy = c.takeBusy();
        if (busy.isPresent()) {
            stats.busyRejection();
            throw Errors.updateInProgress(operation, c.name, busy.get());
        }
    }

    private record ProviderRef(String type, String name) {
    }

    private static ProviderRef providerRef(ClusterState c, JsonNode body) {
        JsonNode cfg = body == null ? null : body.get("identityProviderConfig");
        String type = text(cfg, "type");
        String name = text(cfg, "name");
        if (type == null || name == null) {
            throw Errors.eks(400, "InvalidParameterException", "identityProviderConfig.type and identityProviderConfig.name are required.", c.name);
        }
        if (!SUPPORTED_TYPES.contains(type)) {
            throw Errors.eks(400, "InvalidParameterException", "Unsupported identity provider config type: " + type + ". Supported types: oidc.", c.name);
        }
        return new ProviderRef(type, name);
    }

    private static Map<String, Object> update(UpdateRecord u, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("status", u.status(now));
        m.put("type", u.type());
        List<Map<String, Object>> params = new ArrayList<>();
        for (UpdateRecord.Param p : u.params()) params.add(Map.of("type", p.type(), "value", p.value()));
        m.put("params", params);
        m.put("createdAt", epoch(u.createdAt()));
        m.put("errors", List.of());
        return m;
    }

    /** rest-json timestamps: epoch seconds with a millisecond fraction. */
    static BigDecimal epoch(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    /** The cluster's own OIDC issuer (the one IAM roles for service accounts trust). */
    private static String clusterIssuer(ClusterState c) {
        return "https://oidc.eks." + c.region + ".amazonaws.com/id/" + c.clusterId.replace("-", "").toUpperCase();
    }

    /** The request's identity for token replays; maps sorted, so the order fields came in does not matter. */
    private static String fingerprint(Fleet.IdentityProvider p) {
        return String.join("|", "oidc", p.name(), p.issuerUrl(), p.clientId(), p.usernameClaim(), String.valueOf(p.usernamePrefix()),
                p.groupsClaim(), String.valueOf(p.groupsPrefix()), new TreeMap<>(p.requiredClaims()).toString(), new TreeMap<>(p.tags()).toString());
    }

    private static Map<String, String> strings(JsonNode n) {
        if (n == null || !n.isObject()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String arn(ClusterState c, String resource) {
        return "arn:" + partition(c.region) + ":eks:" + c.region + ":" + c.accountId + ":" + resource;
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        return "aws";
    }

    private static String text(JsonNode n, String field) {
        if (n == null) return null;
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
