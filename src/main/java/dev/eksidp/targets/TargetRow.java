package dev.eksidp.targets;

/**
 * One data row of a targets file, as read and trimmed. {@code problem} is null for a valid row and
 * otherwise says why the row is an INVALID_TARGET; {@code roleArn} is null when the file has no role_arn value.
 */
public record TargetRow(long line, String accountId, String region, String clusterName,
                        String providerType, String providerName, String roleArn, String problem) {

    public boolean valid() {
        return problem == null;
    }

    /** Identity of the target for duplicate detection: the same provider on the same cluster. */
    public String key() {
        return String.join("|", accountId, region, clusterName, providerType, providerName);
    }
}
