package dev.eksidp.organization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationScopeTest {

    /** root: m (management), u1 -> {a, s (SUSPENDED), u2 -> {b, u3 -> {c (CLOSED), d}}}, u4 -> {e}. */
    static final class Tree implements OrgTree {
        final Map<String, List<OrgAccount>> accounts = Map.of(
                "r-root", List.of(acct("000000000000", "ACTIVE")),
                "ou-root-unit0001", List.of(acct("111111111111", "ACTIVE"), acct("444444444444", "SUSPENDED")),
                "ou-root-unit0002", List.of(acct("222222222222", "ACTIVE")),
                "ou-root-unit0003", List.of(acct("555555555555", "CLOSED"), acct("333333333333", "ACTIVE")),
                "ou-root-unit0004", List.of(acct("666666666666", "ACTIVE")));
        final Map<String, List<String>> units = Map.of(
                "r-root", List.of("ou-root-unit0001", "ou-root-unit0004"),
                "ou-root-unit0001", List.of("ou-root-unit0002"),
                "ou-root-unit0002", List.of("ou-root-unit0003"),
                "ou-root-unit0003", List.of(),
                "ou-root-unit0004", List.of());
        final List<String> reads = new ArrayList<>();

        @Override
        public List<OrgAccount> allAccounts() {
            reads.add("ListAccounts");
            return accounts.values().stream().flatMap(List::stream).toList();
        }

        @Override
        public List<OrgAccount> accountsUnder(String parentId) {
            reads.add("ListAccountsForParent " + parentId);
            return accounts.get(parentId);
        }

        @Override
        public List<String> unitsUnder(String parentId) {
            return units.get(parentId);
        }
    }

    static OrgAccount acct(String id, String state) {
        return new OrgAccount(id, "n" + id, state);
    }

    @Test
    void theWholeOrganizationIsItsActiveAccountsAndTheRestAreSkipped() {
        Tree tree = new Tree();
        OrganizationScope.Selection s = OrganizationScope.select(tree, List.of(), Set.of());
        assertThat(s.selected()).containsExactly("000000000000", "111111111111", "222222222222", "333333333333", "666666666666");
        assertThat(s.skipped()).extracting(OrgAccount::id, OrgAccount::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("444444444444", "SUSPENDED"),
                        org.assertj.core.groups.Tuple.tuple("555555555555", "CLOSED"));
        assertThat(tree.reads).containsExactly("ListAccounts");
    }

    @Test
    void aUnitCoversItsNestedUnitsAndExclusionsComeLast() {
        Tree tree = new Tree();
        OrganizationScope.Selection s = OrganizationScope.select(tree, List.of("ou-root-unit0001"), Set.of("222222222222"));
        assertThat(s.selected()).containsExactly("111111111111", "333333333333");
        assertThat(s.excluded()).containsExactly("222222222222");
        assertThat(s.skipped()).extracting(OrgAccount::id).containsExactly("444444444444", "555555555555");
    }

    @Test
    void overlappingUnitsAreReadOnce() {
        Tree tree = new Tree();
        OrganizationScope.Selection s = OrganizationScope.select(tree, List.of("ou-root-unit0002", "ou-root-unit0001",
                "ou-root-unit0004"), Set.of());
        assertThat(s.selected()).containsExactly("111111111111", "222222222222", "333333333333", "666666666666");
        assertThat(tree.reads).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void unitIdsAreChecked() {
        OrganizationScope.checkUnitId("ou-ab12-cdef5678");
        OrganizationScope.checkUnitId("r-ab12");
        assertThatThrownBy(() -> OrganizationScope.checkUnitId("Prod")).hasMessageContaining("'Prod' is not an organisational unit id");
        assertThatThrownBy(() -> OrganizationScope.checkUnitId("ou-AB12-cdef5678")).isInstanceOf(IllegalArgumentException.class);
    }
}
