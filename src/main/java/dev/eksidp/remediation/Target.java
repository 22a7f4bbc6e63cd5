package dev.eksidp.remediation;

/** A validated, de-duplicated row waiting to be planned or applied. */
public record Target(long line, String accountId, String region, String clusterName, String providerType,
                     String providerName, String roleArn) {

    public String key() {
        return String.join("|", accountId, region, clusterName, providerType, providerName);
    }
}
