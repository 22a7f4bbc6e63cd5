package dev.eksidp.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a fleet file (JSON or YAML, same schema). Mapped by hand rather than by Jackson data
 * binding so that absent fields get the documented defaults, unknown fields are rejected (a typo
 * in a knob must not silently become a default), and errors name the offending path.
 */
public final class FleetLoader {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Set<String> CLUSTER_STATUSES = Set.of("CREATING", "ACTIVE", "DELETING", "FAILED", "UPDATING", "PENDING");
    private static final Set<String> PROVIDER_STATUSES = Set.of("CREATING", "DELETING", "ACTIVE");

    private FleetLoader() {
    }

    public static Fleet load(Path jsonOrYaml) {
        String text;
        try {
            text = Files.readString(jsonOrYaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fleet file " + jsonOrYaml, e);
        }
        String name = jsonOrYaml.getFileName().toString().toLowerCase();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        Fleet fleet = parse(text, yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper());
        // A relative journal path is relative to the fleet file, so a fleet works from any directory.
        if (fleet.journal() != null && !fleet.journal().isAbsolute()) {
            Path base = jsonOrYaml.toAbsolutePath().getParent();
            fleet = fleet.withJournal(base.resolve(fleet.journal()));
        }
        return fleet;
    }

    public static Fleet parse(String json) {
        return parse(json, new ObjectMapper());
    }

    private static Fleet parse(String text, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fleet is not valid JSON/YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("fleet must be an object");
        only(root, "$", "hub", "limits", "latencyMs", "faults", "updateDurationMs", "credentials", "clockSpeed", "journal",
                "quirks", "accounts", "organization");
        try {
            return new Fleet(hub(root.get("hub")), limits(root.get("limits")), latency(root.get("latencyMs")),
                    faults(root.get("faults")), longOr(root, "updateDurationMs", 1000), credentials(root.get("credentials")),
                    doubleOr(root, "clockSpeed", 1.0), journal(root.get("journal")), quirks(root.get("quirks")),
                    accounts(root.get("accounts")), organization(root.get("organization")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("invalid fleet: " + e.getMessage(), e);
        }
    }

    private static Fleet.Hub hub(JsonNode n) {
        if (absent(n)) return null;
        only(n, "hub", "accountId", "accessKeyId", "secretAccessKey", "ssoAccessToken", "webIdentityToken");
        Fleet.Hub hub = new Fleet.Hub(text(n, "accountId"), text(n, "accessKeyId"), text(n, "secretAccessKey"),
                text(n, "ssoAccessToken"), text(n, "webIdentityToken"));
        accountId(hub.accountId(), "hub.accountId");
        return hub;
    }

    private static Fleet.Limits limits(JsonNode n) {
        if (absent(n)) return null;
        only(n, "limits", "eks", "sts", "organizations", "account");
        return new Fleet.Limits(rate(n.get("eks"), "limits.eks"), rate(n.get("sts"), "limits.sts"),
                rate(n.get("organizations"), "limits.organizations"), rate(n.get("account"), "limits.account"));
    }

    private static Fleet.Rate rate(JsonNode n, String where) {
        if (absent(n)) return null;
        only(n, where, "ratePerSecond", "burst");
        return new Fleet.Rate(doubleOr(n, "ratePerSecond", 0), (int) longOr(n, "burst", 0));
    }

    private static Fleet.Latency latency(JsonNode n) {
        if (absent(n)) return null;
        only(n, "latencyMs", "min", "max");
        long min = longOr(n, "min", 0);
        return new Fleet.Latency(min, longOr(n, "max", min));
    }

    private static Fleet.Faults faults(JsonNode n) {
        if (absent(n)) return null;
        only(n, "faults", "serverErrorRate", "dropConnectionRate", "seed", "lostResponseRate");
        return new Fleet.Faults(doubleOr(n, "serverErrorRate", 0), doubleOr(n, "dropConnectionRate", 0), longOr(n, "seed", 1),
                doubleOr(n, "lostResponseRate", 0));
    }

    private static Fleet.CredentialPolicy credentials(JsonNode n) {
        if (absent(n)) return null;
        only(n, "credentials", "maxLifetimeSeconds", "maxSessionDurationSeconds", "hubIsAssumedRole");
        return new Fleet.CredentialPolicy(longOr(n, "maxLifetimeSeconds", 3600), longOr(n, "maxSessionDurationSeconds", 3600),
                n.path("hubIsAssumedRole").asBoolean(false));
    }

    private static Fleet.Quirks quirks(JsonNode n) {
        if (absent(n)) return null;
        only(n, "quirks", "notAssociatedAs400", "forgetTokensAfterUpdate", "listMaxResultsMustBe1", "throttleCode");
        return new Fleet.Quirks(n.path("notAssociatedAs400").asBoolean(false), n.path("forgetTokensAfterUpdate").asBoolean(false),
                n.path("listMaxResultsMustBe1").asBoolean(false), text(n, "throttleCode"));
    }

    private static List<String> strings(JsonNode n) {
        if (absent(n)) return null;
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Path journal(JsonNode n) {
        return absent(n) ? null : Path.of(n.asText());
    }

    private static List<Fleet.Account> accounts(JsonNode n) {
        if (absent(n) || !n.isArray()) throw new IllegalArgumentException("accounts: required array");
        List<Fleet.Account> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode a = n.get(i);
            String where = "accounts[" + i + "]";
            only(a, where, "id", "roles", "externalId", "denied", "clusters", "stsDisabledRegions", "optInRegions");
            String id = text(a, "id");
            accountId(id, where + ".id");
            if (!ids.add(id)) throw new IllegalArgumentException(where + ": duplicate account " + id);
            boolean denied = a.has("denied") && a.get("denied").asBoolean(false);
            out.add(new Fleet.Account(id, strings(a.get("roles")), text(a, "externalId"), denied, clusters(a.get("clusters"), where),
                    strings(a.get("stsDisabledRegions")), strings(a.get("optInRegions"))));
        }
        return out;
    }

    /** The OU tree: every unit's and account's parent must be the root or a unit, and no unit may be its own ancestor. */
    private static Fleet.Organization organization(JsonNode n) {
        if (absent(n)) return null;
        only(n, "organization", "id", "rootId", "managementAccountId", "delegatedAdministrators", "units", "accounts");
        String rootId = require(n, "rootId", "organization");
        Map<String, String> parents = new HashMap<>();
        List<Fleet.Unit> units = new ArrayList<>();
        for (int i = 0; i < n.path("units").size(); i++) {
            JsonNode u = n.path("units").get(i);
            String where = "organization.units[" + i + "]";
            only(u, where, "id", "name", "parent");
            Fleet.Unit unit = new Fleet.Unit(require(u, "id", where), text(u, "name"), require(u, "parent", where));
            if (!unit.id().startsWith("ou-") || parents.put(unit.id(), unit.parent()) != null) {
                throw new IllegalArgumentException(where + ".id: must be a unique ou-... id, got " + unit.id());
            }
            units.add(unit);
        }
        for (Fleet.Unit u : units) {
            Set<String> seen = new HashSet<>();
            for (String p = u.parent(); !p.equals(rootId); p = parents.get(p)) {
                if (p == null || !seen.add(p)) {
                    throw new IllegalArgumentException("organization.units: " + u.id() + " is not under the root " + rootId);
                }
            }
        }
        List<Fleet.Member> members = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n.path("accounts").size(); i++) {
            JsonNode a = n.path("accounts").get(i);
            String where = "organization.accounts[" + i + "]";
            only(a, where, "id", "name", "parent", "state");
            Fleet.Member m = new Fleet.Member(text(a, "id"), text(a, "name"), require(a, "parent", where), text(a, "state"));
            accountId(m.id(), where + ".id");
            if (!ids.add(m.id())) throw new IllegalArgumentException(where + ": duplicate account " + m.id());
            if (!m.parent().equals(rootId) && !parents.containsKey(m.parent())) {
                throw new IllegalArgumentException(where + ".parent: no root or unit " + m.parent());
            }
            members.add(m);
        }
        String management = require(n, "managementAccountId", "organization");
        accountId(management, "organization.managementAccountId");
        return new Fleet.Organization(require(n, "id", "organization"), rootId, management,
                strings(n.get("delegatedAdministrators")), units, members);
    }

    private static List<Fleet.Cluster> clusters(JsonNode n, String parent) {
        List<Fleet.Cluster> out = new ArrayList<>();
        if (absent(n)) return out;
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode c = n.get(i);
            String where = parent + ".clusters[" + i + "]";
            only(c, where, "region", "name", "status", "busy", "identityProviders", "ghost");
            String status = text(c, "status");
            if (status != null && !CLUSTER_STATUSES.contains(status)) throw new IllegalArgumentException(where + ".status: not one of " + CLUSTER_STATUSES);
            Fleet.Cluster cluster = new Fleet.Cluster(require(c, "region", where), require(c, "name", where), status,
                    (int) longOr(c, "busy", 0), providers(c.get("identityProviders"), where), c.path("ghost").asBoolean(false));
            if (!keys.add(cluster.region() + "/" + cluster.name())) {
                throw new IllegalArgumentException(where + ": duplicate cluster " + cluster.name() + " in " + cluster.region());
            }
            out.add(cluster);
        }
        return out;
    }

    private static List<Fleet.IdentityProvider> providers(JsonNode n, String parent) {
        List<Fleet.IdentityProvider> out = new ArrayList<>();
        if (absent(n)) return out;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode p = n.get(i);
            String where = parent + ".identityProviders[" + i + "]";
            only(p, where, "name", "type", "issuerUrl", "clientId", "status", "usernameClaim", "usernamePrefix", "groupsClaim",
                    "groupsPrefix", "requiredClaims", "tags");
            String status = text(p, "status");
            if (status != null && !PROVIDER_STATUSES.contains(status)) throw new IllegalArgumentException(where + ".status: not one of " + PROVIDER_STATUSES);
            Fleet.IdentityProvider provider = new Fleet.IdentityProvider(require(p, "name", where), text(p, "type"),
                    text(p, "issuerUrl"), text(p, "clientId"), status, text(p, "usernameClaim"), text(p, "usernamePrefix"),
                    text(p, "groupsClaim"), text(p, "groupsPrefix"), strings(p.get("requiredClaims"), where + ".requiredClaims"),
                    strings(p.get("tags"), where + ".tags"));
            if (!names.add(provider.name())) throw new IllegalArgumentException(where + ": duplicate provider " + provider.name());
            out.add(provider);
        }
        return out;
    }

    private static void only(JsonNode n, String where, String... allowed) {
        if (!n.isObject()) throw new IllegalArgumentException(where + ": must be an object");
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) throw new IllegalArgumentException(where + ": unknown field '" + f + "' (allowed: " + String.join(", ", allowed) + ")");
        }
    }

    private static void accountId(String id, String where) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) throw new IllegalArgumentException(where + ": account id must be 12 digits, got " + id);
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return absent(v) ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode n, String where) {
        if (absent(n)) return Map.of();
        if (!n.isObject()) throw new IllegalArgumentException(where + ": must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) throw new IllegalArgumentException(where + "." + e.getKey() + ": must be a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String require(JsonNode n, String field, String where) {
        String v = text(n, field);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(where + "." + field + ": required");
        return v;
    }

    private static long longOr(JsonNode n, String field, long dflt) {
        JsonNode v = n.get(field);
        if (absent(v)) return dflt;
        if (!v.isNumber()) throw new IllegalArgumentException(field + ": must be a number");
        return v.asLong();
    }

    private static double doubleOr(JsonNode n, String field, double dflt) {
        JsonNode v = n.get(field);
        if (absent(v)) return dflt;
        if (!v.isNumber()) throw new IllegalArgumentException(field + ": must be a number");
        return v.asDouble();
    }
}
