package dev.eksidp.discovery;

import dev.eksidp.aws.AwsSettings;
import dev.eksidp.aws.RoleArns;
import dev.eksidp.ratelimit.RatePolicy;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A discovery run's settings, stored as its job parameters so a restart continues with exactly these. The account
 * ids live in a file (accountsFile) rather than in a parameter: an organisation can have thousands. allRegions: each
 * account's own enabled regions that offer EKS (regions is then empty); otherwise exactly regions.
 */
public record DiscoverySettings(String runId, String accountsFile, boolean allRegions, List<String> regions, String issuerUrl,
                                String providerName, String outFile, String reportDir, String roleName,
                                String roleArnTemplate, String externalId, String sessionName, double eksRate,
                                double stsRate, int maxAttempts, int maxConcurrency, Duration backoffBase) {

    /** The regions parameter of an --all-regions run: not a region name, so it cannot be mistaken for one. */
    private static final String ALL_REGIONS = "enabled-in-each-account";

    public JobParameters toJobParameters() {
        JobParametersBuilder b = new JobParametersBuilder()
                .addString("run.id", runId)
                .addString("mode", "DISCOVER")
                .addString("accounts.file", accountsFile)
                .addString("regions", allRegions ? ALL_REGIONS : String.join(",", regions))
                .addString("out.file", outFile)
                .addString("report.dir", reportDir)
                .addString("session.name", sessionName)
                .addDouble("eks.rate", eksRate)
                .addDouble("sts.rate", stsRate)
                .addLong("max.attempts", (long) maxAttempts)
                .addLong("max.concurrency", (long) maxConcurrency)
                .addLong("backoff.base.ms", backoffBase.toMillis());
        if (issuerUrl != null) {
            b.addString("issuer.url", issuerUrl);
        }
        if (providerName != null) {
            b.addString("provider.name", providerName);
        }
        if (roleName != null) {
            b.addString("role.name", roleName);
        }
        if (roleArnTemplate != null) {
            b.addString("role.arn.template", roleArnTemplate);
        }
        if (externalId != null) {
            b.addString("external.id", externalId);
        }
        return b.toJobParameters();
    }

    public static DiscoverySettings from(JobParameters p) {
        boolean all = ALL_REGIONS.equals(p.getString("regions"));
        return new DiscoverySettings(p.getString("run.id"), p.getString("accounts.file"), all,
                all ? List.of() : Arrays.asList(p.getString("regions").split(",")), p.getString("issuer.url"),
                p.getString("provider.name"), p.getString("out.file"), p.getString("report.dir"),
                p.getString("role.name"), p.getString("role.arn.template"), p.getString("external.id"),
                p.getString("session.name"), p.getDouble("eks.rate"), p.getDouble("sts.rate"),
                p.getLong("max.attempts").intValue(), p.getLong("max.concurrency").intValue(),
                Duration.ofMillis(p.getLong("backoff.base.ms")));
    }

    public AwsSettings aws() {
        return new AwsSettings(new RoleArns(roleName, roleArnTemplate), sessionName, externalId, 3600, RatePolicy.fixed(stsRate, Math.max(1, stsRate)),
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
