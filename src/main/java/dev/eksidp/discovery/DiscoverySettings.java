package dev.eksidp.discovery;

import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.aws.RoleArns;
import dev.eksidp.ratelimit.RatePolicy;

import java.time.Duration;
import java.util.List;

/**
 * A discovery run's settings, stored as its job parameters (dev.eksidp.job.RunParameters) so a restart continues with exactly these. The account
 * ids live in a file (accountsFile) rather than in a parameter: an organisation can have thousands.
 */
public record DiscoverySettings(String runId, String accountsFile, List<String> regions, String issuerUrl,
                                String providerName, String outFile, String reportDir, String roleName,
                                String roleArnTemplate, String externalId, String sessionName, double eksRate,
                                double stsRate, int maxAttempts, int maxConcurrency, Duration backoffBase) {

    public AwsSettings aws() {
        return new AwsSettings(new RoleArns(roleName, roleArnTemplate), sessionName, externalId, 3600,
                RatePolicy.fixed(eksRate, Math.max(1, Math.ceil(eksRate))), RatePolicy.fixed(stsRate, Math.max(1, stsRate)),
                RetryPolicy.of(maxAttempts, backoffBase), maxConcurrency * 2 + 16);
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
