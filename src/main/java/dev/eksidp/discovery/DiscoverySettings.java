package dev.eksidp.discovery;

import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RoleArns;

import java.time.Duration;
import java.util.List;

/**
 * A discovery run's settings, stored as its job parameters (dev.eksidp.job.RunParameters) so a restart continues with exactly these. The account
 * ids live in a file (accountsFile) rather than in a parameter: an organisation can have thousands. allRegions: each
 * account's own enabled regions that offer EKS (regions is then empty); otherwise exactly regions.
 */
public record DiscoverySettings(String runId, String accountsFile, boolean allRegions, List<String> regions, String issuerUrl,
                                String providerName, String outFile, String reportDir, String roleName,
                                String roleArnTemplate, String externalId, String sessionName, double eksRate,
                                double stsRate, int maxAttempts, int maxConcurrency, Duration backoffBase) {

    public AwsSettings aws() {
        return AwsSettings.scan(new RoleArns(roleName, roleArnTemplate), sessionName, externalId, eksRate, stsRate,
                maxAttempts, backoffBase, maxConcurrency * 2 + 16);
    }

    public DiscoverySettings withAccountsFile(String file) {
        return new DiscoverySettings(runId, file, allRegions, regions, issuerUrl, providerName, outFile, reportDir, roleName,
                roleArnTemplate, externalId, sessionName, eksRate, stsRate, maxAttempts, maxConcurrency, backoffBase);
    }

    /** What the summary says was scanned. */
    public String regionsDescription() {
        return allRegions ? "each account's enabled regions that offer EKS" : regions.size() + " (" + String.join(", ", regions) + ")";
    }

    /** What the summary says was searched for. */
    public String criteria() {
        StringBuilder s = new StringBuilder();
        if (issuerUrl != null) {
            s.append("issuer URL ").append(issuerUrl);
        }
        if (providerName != null) {
            s.append(s.isEmpty() ? "" : " and ").append("provider name ").append(providerName);
        }
        return s.toString();
    }
}
