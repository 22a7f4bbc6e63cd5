package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Account Management ListRegions (rest-json, POST /listRegions): the regions of the caller's own account (or, for
 * the organisation's management account or a delegated administrator, of the member named by AccountId) with their
 * opt-in status, from the fleet account's optInRegions. Paged (MaxResults 1..50) and filterable by
 * RegionOptStatusContains, as the service is.
 */
final class AccountApi {
    static final String LIST_REGIONS_PATH = "/listRegions";
    private static final int MAX_RESULTS = 50;

    private final Map<String, Fleet.Account> accounts = new LinkedHashMap<>();
    private final Fleet.Organization org;

    AccountApi(Fleet fleet) {
        fleet.accounts().forEach(a -> accounts.put(a.id(), a));
        this.org = fleet.organization();
    }

    /** @return the account the call is about, for rate limiting and the journal */
    String subject(Principal caller, JsonNode body) {
        String named = body == null ? null : body.path("AccountId").asText(null);
        if (named == null) return caller.accountId();
        boolean admin = caller.hub() && org != null && org.readableBy(caller.accountId())
                && org.accounts().stream().anyMatch(m -> m.id().equals(named));
        if (!admin || named.equals(org.managementAccountId())) {
            throw new ApiException(403, "AccessDeniedException", "User is not authorized to perform: account:ListRegions on account " + named);
        }
        return named;
    }

    Map<String, Object> listRegions(String accountId, JsonNode body) {
        Fleet.Account account = accounts.get(accountId);
        Set<String> wanted = new HashSet<>();
        if (body != null) body.path("RegionOptStatusContains").forEach(s -> wanted.add(s.asText()));
        List<Map<String, Object>> all = new ArrayList<>();
        for (String r : SimRegions.DEFAULT) all.add(region(r, "ENABLED_BY_DEFAULT"));
        SimRegions.OPT_IN.stream().sorted().forEach(r -> all.add(region(r,
                account != null && account.optInRegions().contains(r) ? "ENABLED" : "DISABLED")));
        List<Map<String, Object>> selected = wanted.isEmpty() ? all
                : all.stream().filter(m -> wanted.contains((String) m.get("RegionOptStatus"))).toList();
        String max = body != null && body.hasNonNull("MaxResults") ? body.get("MaxResults").asText() : null;
        Pager.Page<Map<String, Object>> page;
        try {
            page = Pager.page(selected, max, body == null ? null : body.path("NextToken").asText(null), MAX_RESULTS, null);
        } catch (ApiException e) {
            throw new ApiException(400, "ValidationException", e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Regions", page.items());
        if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        return out;
    }

    private static Map<String, Object> region(String name, String status) {
        return Map.of("RegionName", name, "RegionOptStatus", status);
    }
}
