package dev.eksidp.remediation;

/** What happened to one input row; the {@code outcome} column of the reports. */
public enum Outcome {
    /** plan: the provider is associated and the cluster is ACTIVE: apply would disassociate it. */
    WOULD_DISASSOCIATE,
    /** apply: EKS accepted the disassociation (with --wait: the update ended Successful). */
    DISASSOCIATED,
    /** the provider is not on the cluster, or another change already has it DELETING. */
    ALREADY_ABSENT,
    CLUSTER_NOT_FOUND,
    /**
     * the named provider is not on the cluster, but one whose name differs only by case, white space, invisible or
     * look-alike characters is: nothing was changed; the message names it.
     */
    PROVIDER_MISMATCH,
    /** the account's role could not be assumed, or EKS refused the caller. */
    ACCESS_DENIED,
    /** STS is deactivated for the account in every regional endpoint tried (the row's region, us-east-1). */
    STS_REGION_DISABLED,
    /** acting now would fail or be unsafe (provider CREATING, cluster not ACTIVE). */
    BLOCKED,
    INVALID_TARGET,
    /** the same target appeared on an earlier line; only the first is processed. */
    DUPLICATE,
    FAILED;

    /** True for the outcomes that need somebody's attention in the given mode (exit code 2, summary.md). */
    public boolean needsAttention(Mode mode) {
        return this != ALREADY_ABSENT && this != (mode == Mode.PLAN ? WOULD_DISASSOCIATE : DISASSOCIATED);
    }

    /** True for the outcomes --max-failures counts: a wrong role or a failing run shows as these. */
    public boolean countsAgainstBudget() {
        return this == FAILED || this == ACCESS_DENIED;
    }
}
