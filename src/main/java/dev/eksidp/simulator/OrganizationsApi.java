package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations (JSON 1.1, X-Amz-Target AWSOrganizationsV20161128.*): DescribeOrganization, ListRoots,
 * ListChildren, ListAccountsForParent and ListAccounts over the fleet's organization block. Only the hub may call
 * it, and only when the hub's account is the management account or a delegated administrator; page size at most
 * 20, as the service's MaxResults allows.
 */
final class OrganizationsApi {
    static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
    private static final int MAX_RESULTS = 20;

    private final Fleet.Organization org;

    OrganizationsApi(Fleet.Organization org) {
        this.org = org;
    }

    Map<String, Object> handle(String operation, Principal caller, JsonNode body) {
        if (org == null) {
            throw error("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
        }
        if (!caller.hub() || !org.readableBy(caller.accountId())) {
            throw error("AccessDeniedException", "You don't have permissions to access this resource.");
        }
        JsonNode in = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
        return switch (operation) {
            case "DescribeOrganization" -> Map.of("Organization", organization());
            case "ListRoots" -> page("Roots", List.of(root()), in);
            case "ListChildren" -> page("Children", children(parent(in), in.path("ChildType").asText()), in);
            case "ListAccountsForParent" -> page("Accounts", accounts(parent(in)), in);
            case "ListAccounts" -> page("Accounts", org.accounts().stream().map(this::account).toList(), in);
            default -> throw new ApiException(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private String parent(JsonNode in) {
        String id = in.path("ParentId").asText(null);
        if (id == null) throw error("InvalidInputException", "You must specify a ParentId.");
        if (!id.equals(org.rootId()) && org.units().stream().noneMatch(u -> u.id().equals(id))) {
            throw error("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
        }
        return id;
    }

    private List<Map<String, Object>> children(String parent, String type) {
        List<Map<String, Object>> out = new ArrayList<>();
        switch (type) {
            case "ORGANIZATIONAL_UNIT" -> org.units().stream().filter(u -> u.parent().equals(parent))
                    .forEach(u -> out.add(Map.of("Id", u.id(), "Type", type)));
            case "ACCOUNT" -> org.accounts().stream().filter(a -> a.parent().equals(parent))
                    .forEach(a -> out.add(Map.of("Id", a.id(), "Type", type)));
            default -> throw error("InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.");
        }
        return out;
    }

    private List<Map<String, Object>> accounts(String parent) {
        return org.accounts().stream().filter(a -> a.parent().equals(parent)).map(this::account).toList();
    }

    private Map<String, Object> account(Fleet.Member a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", a.id());
        m.put("Arn", "arn:aws:organizations::" + org.managementAccountId() + ":account/" + org.id() + "/" + a.id());
        m.put("Email", a.id() + "@example.com");
        m.put("Name", a.name());
        // Status is being retired in favour of State; CLOSED has no Status value.
        if (!a.state().equals("CLOSED") && !a.state().equals("PENDING_ACTIVATION")) m.put("Status", a.state());
        m.put("State", a.state());
        m.put("JoinedMethod", "CREATED");
        m.put("JoinedTimestamp", 1.7e9);
        return m;
    }

    private Map<String, Object> root() {
        return Map.of("Id", org.rootId(), "Name", "Root",
                "Arn", "arn:aws:organizations::" + org.managementAccountId() + ":root/" + org.id() + "/" + org.rootId(),
                "PolicyTypes", List.of());
    }

    private Map<String, Object> organization() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", org.id());
        m.put("Arn", "arn:aws:organizations::" + org.managementAccountId() + ":organization/" + org.id());
        m.put("FeatureSet", "ALL");
        m.put("MasterAccountArn", "arn:aws:organizations::" + org.managementAccountId() + ":account/" + org.id() + "/"
                + org.managementAccountId());
        m.put("MasterAccountId", org.managementAccountId());
        m.put("MasterAccountEmail", org.managementAccountId() + "@example.com");
        return m;
    }

    private static Map<String, Object> page(String member, List<Map<String, Object>> all, JsonNode in) {
        String max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asText() : null;
        Pager.Page<Map<String, Object>> page;
        try {
            page = Pager.page(all, max, in.path("NextToken").asText(null), MAX_RESULTS, null);
        } catch (ApiException e) {
            throw error("InvalidInputException", e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, page.items());
        if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        return out;
    }

    static ApiException error(String code, String message) {
        return new ApiException(400, code, message);
    }
}
