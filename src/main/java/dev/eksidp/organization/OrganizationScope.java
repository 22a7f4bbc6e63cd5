package dev.eksidp.organization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which accounts of an organisation a run covers: every account, or those under the given units (recursively),
 * minus the excluded ones; of those, only ACTIVE accounts are scanned, the others are listed as skipped.
 */
public final class OrganizationScope {

    /** A unit id (ou-&lt;root part&gt;-&lt;unit part&gt;) or a root id (r-...), as Organizations spells them. */
    private static final Pattern PARENT_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}");

    /** selected: ACTIVE accounts to scan, in id order; skipped: accounts in scope that are not ACTIVE; excluded: ids removed. */
    public record Selection(List<String> selected, List<OrgAccount> skipped, List<String> excluded) {
    }

    private OrganizationScope() {
    }

    /** @throws IllegalArgumentException naming a malformed unit id */
    public static void checkUnitId(String id) {
        if (!PARENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--ou: '" + id + "' is not an organisational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)");
        }
    }

    public static Selection select(OrgTree tree, Collection<String> units, Set<String> exclude) {
        Map<String, OrgAccount> inScope = new LinkedHashMap<>();
        List<OrgAccount> listed = units.isEmpty() ? tree.allAccounts() : under(tree, units);
        listed.forEach(a -> inScope.putIfAbsent(a.id(), a));
        List<String> selected = new ArrayList<>();
        List<OrgAccount> skipped = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        inScope.values().stream().sorted(java.util.Comparator.comparing(OrgAccount::id)).forEach(a -> {
            if (exclude.contains(a.id())) {
                excluded.add(a.id());
            } else if (a.active()) {
                selected.add(a.id());
            } else {
                skipped.add(a);
            }
        });
        return new Selection(selected, skipped, excluded);
    }

    /** Breadth-first through the units; a unit reached twice (given twice, or nested in another given) is read once. */
    private static List<OrgAccount> under(OrgTree tree, Collection<String> units) {
        List<OrgAccount> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(units);
        while (!todo.isEmpty()) {
            String unit = todo.poll();
            if (!seen.add(unit)) {
                continue;
            }
            out.addAll(tree.accountsUnder(unit));
            todo.addAll(tree.unitsUnder(unit));
        }
        return out;
    }
}
