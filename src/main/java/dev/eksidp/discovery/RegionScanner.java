package dev.eksidp.discovery;

import dev.eksidp.aws.AccountEks;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.PacedCalls;
import dev.eksidp.aws.RoleAssumptionException;
import dev.eksidp.ratelimit.RateLimiters;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ListClustersResponse;
import software.amazon.awssdk.services.eks.model.ListIdentityProviderConfigsResponse;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scans one (account, region): ListClusters (paged), ListIdentityProviderConfigs per cluster (paged) and, when the
 * issuer must be matched, DescribeIdentityProviderConfig for each config whose name fits. Every call takes a slot
 * from the (account, region) bucket's adaptive limiter, the same one the remediation job uses; throttling and
 * transient errors are retried with exponential backoff, up to maxAttempts tries per call. Read calls only.
 */
public final class RegionScanner {

    /** EKS answers these for a region the account has not opted into. */
    private static final Set<String> REGION_NOT_ENABLED = Set.of("UnrecognizedClientException", "InvalidClientTokenId");

    private final AwsSessions sessions;
    private final RateLimiters limiters;
    private final ProviderMatcher matcher;
    private final int maxAttempts;
    private final Duration backoffBase;
    /** EKS's maximum page size; a system property lets tests exercise paging with small fleets. */
    private final int pageSize = Integer.getInteger("eksidp.discovery.page-size", 100);

    public RegionScanner(AwsSessions sessions, RateLimiters limiters, ProviderMatcher matcher, int maxAttempts,
                         Duration backoffBase) {
        this.sessions = sessions;
        this.limiters = limiters;
        this.matcher = matcher;
        this.maxAttempts = maxAttempts;
        this.backoffBase = backoffBase;
    }

    public ScanResult scan(ScanUnit unit) {
        PacedCalls calls = new PacedCalls(limiters.forKey(unit.accountId() + "|" + unit.region()), maxAttempts, backoffBase);
        int clusters = 0;
        int providers = 0;
        List<DiscoveredProvider> matches = new ArrayList<>();
        List<String> ghosts = new ArrayList<>();
        try {
            String roleArn = sessions.roleArn(unit.accountId(), unit.region(), null);
            AccountEks eks = sessions.eks(unit.accountId(), unit.region(), roleArn);
            String clusterToken = null;
            do {
                String token = clusterToken;
                ListClustersResponse page = calls.call(() -> eks.client().listClusters(b -> b.overrideConfiguration(eks.asAccount())
                        .maxResults(pageSize).nextToken(token)));
                for (String cluster : page.clusters()) {
                    clusters++;
                    providers += scanCluster(eks, calls, unit, cluster, matches, ghosts);
                }
                clusterToken = page.nextToken();
            } while (clusterToken != null);
            // Listed, then unknown: real EKS does this for clusters being deleted ("ghost" clusters). Not fatal; said.
            return new ScanResult(unit, ScanResult.SCANNED, clusters, providers, matches,
                    ghosts.isEmpty() ? null : "GhostClusters", ghosts.isEmpty() ? null : ghosts.size()
                            + " listed clusters answered 404 (being deleted?): " + String.join(", ", ghosts), calls.attempts());
        } catch (RoleAssumptionException e) {
            // denied: a refusal retrying will not change; otherwise STS kept failing (throttled, unavailable).
            return new ScanResult(unit, e.denied() ? ScanResult.ACCESS_DENIED : ScanResult.FAILED, clusters, providers,
                    List.of(), e.errorCode(),
                    "cannot assume the role: " + e.getMessage(), calls.attempts());
        } catch (RuntimeException e) {
            String code = AwsErrors.code(e);
            if (REGION_NOT_ENABLED.contains(code) && clusters == 0) {
                return new ScanResult(unit, ScanResult.NOT_ENABLED, 0, 0, List.of(), code, AwsErrors.message(e),
                        calls.attempts());
            }
            String status = AwsErrors.isAccessDenied(e) ? ScanResult.ACCESS_DENIED : ScanResult.FAILED;
            return new ScanResult(unit, status, clusters, providers, List.of(), code, AwsErrors.message(e), calls.attempts());
        }
    }

    private int scanCluster(AccountEks eks, PacedCalls calls, ScanUnit unit, String cluster, List<DiscoveredProvider> matches,
                            List<String> ghosts) {
        int providers = 0;
        String configToken = null;
        try {
            do {
                String token = configToken;
                ListIdentityProviderConfigsResponse page = calls.call(() -> eks.client().listIdentityProviderConfigs(
                        // No maxResults: real EKS has answered a page size other than 1 with 400 "maxResults needs to be 1".
                        b -> b.overrideConfiguration(eks.asAccount()).clusterName(cluster).nextToken(token)));
                for (IdentityProviderConfig config : page.identityProviderConfigs()) {
                    providers++;
                    if (!matcher.nameMatches(config.name())) {
                        continue;
                    }
                    String issuer = null;
                    if (matcher.needsIssuer()) {
                        issuer = issuer(eks, calls, cluster, config);
                        if (issuer == null || !matcher.issuerMatches(issuer)) {
                            continue;
                        }
                    }
                    matches.add(new DiscoveredProvider(unit.accountId(), unit.region(), cluster, config.type(),
                            config.name(), issuer));
                }
                configToken = page.nextToken();
            } while (configToken != null);
        } catch (ResourceNotFoundException clusterDeletedMeanwhile) {
            // Listed, then gone before we read it: nothing left to disassociate there.
            ghosts.add(cluster);
        }
        return providers;
    }

    /** The config's issuer URL, or null if it went away since it was listed. */
    private static String issuer(AccountEks eks, PacedCalls calls, String cluster, IdentityProviderConfig config) {
        try {
            return calls.call(() -> eks.client().describeIdentityProviderConfig(b -> b.overrideConfiguration(eks.asAccount()).clusterName(cluster)
                    .identityProviderConfig(config))).identityProviderConfig().oidc().issuerUrl();
        } catch (ResourceNotFoundException gone) {
            return null;
        }
    }
}
