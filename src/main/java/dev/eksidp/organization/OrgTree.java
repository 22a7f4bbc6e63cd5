package dev.eksidp.organization;

import java.util.List;

/** The reads of AWS Organizations that {@link OrganizationScope} needs; each list is complete (all pages). */
public interface OrgTree {

    /** ListAccounts: every account of the organisation. */
    List<OrgAccount> allAccounts();

    /** ListAccountsForParent: the accounts directly under a root or unit. */
    List<OrgAccount> accountsUnder(String parentId);

    /** ListChildren with ChildType ORGANIZATIONAL_UNIT: the units directly under a root or unit. */
    List<String> unitsUnder(String parentId);
}
