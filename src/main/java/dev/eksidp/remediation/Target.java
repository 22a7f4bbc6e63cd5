package dev.eksidp.remediation;

/**
 * A validated, de-duplicated row waiting to be planned or applied; {@code priorAttempts} counts the tries of an
 * earlier pass that deferred it (the cluster was busy).
 */
public record Target(long line, String accountId, String region, String clusterName, String providerType,
                     String providerName, String roleArn, int priorAttempts) {

    public Target(long line, String accountId, String region, String clusterName, String providerType,
                  String providerName, String roleArn) {
        this(line, accountId, region, clusterName, providerType, providerName, roleArn, 0);
    }

    public String key() {
        return String.join("|", accountId, region, clusterName, providerType, providerName);
    }
}
