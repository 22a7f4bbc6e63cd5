package dev.eksidp.discovery;

import dev.eksidp.aws.AccountClient;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.Bucket;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.aws.RoleAssumptionException;
import io.github.resilience4j.retry.Retry;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ListClustersResponse;
import software.amazon.awssdk.services.eks.model.ListIdentityProviderConfigsResponse;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Scans one (account, region): ListClusters (paged), ListIdentityProviderConfigs per cluster (paged) and, when the
 * issuer must be matched, DescribeIdentityProviderConfig for each config whose name fits. Every call takes a slot
 * from the (account, region) bucket's adaptive limiter, the same one the remediation job uses; throttling and
 * transient errors are retried by the run's {@link RetryPolicy}, up to maxAttempts tries per call. Read calls only.
 */
public final class RegionScanner {

    /** EKS answers these for a region the account has not opted into. */
    private static final Set<String> REGION_NOT_ENABLED = Set.of("UnrecognizedClientException", "InvalidClientTokenId");

    private final AwsSessions sessions;
    private final ProviderMatcher matcher;
    private final Retry retry;
    /** EKS's maximum page size; a system property lets tests exercise paging with small fleets. */
    private final int pageSize = Integer.getInteger("eksidp.discovery.page-size", 100);

    public RegionScanner(AwsSessions sessions, ProviderMatcher matcher, RetryPolicy retry) {
        this.sessions = sessions;
        this.matcher = matcher;
        this.retry = retry.forCalls("discovery");
    }

    public ScanResult scan(ScanUnit unit) {
        Calls calls = new Calls();
        int clusters = 0;
        int providers = 0;
        List<DiscoveredProvider> matches = new ArrayList<>();
        List<String> ghosts = new ArrayList<>();
        try {
            calls.eks = sessions.eks(new Bucket(unit.accountId(), unit.region()), null);
            String clusterToken = null;
            do {
                String token = clusterToken;
                ListClustersResponse page = calls.call(eks -> eks.listClusters(b -> b.overrideConfiguration(calls.eks.asAccount())
                        .maxResults(pageSize).nextToken(token)));
                for (String cluster : page.clusters()) {
                    clusters++;
                    providers += scanCluster(calls, unit, cluster, matches, ghosts);
                }
                clusterToken = page.nextToken();
            } while (clusterToken != null);
            // Listed, then unknown: real EKS does this for clusters being deleted ("ghost" clusters). Not fatal; said.
            return new ScanResult(unit, ScanResult.SCANNED, clusters, providers, matches,
                    ghosts.isEmpty() ? null : "GhostClusters", ghosts.isEmpty() ? null : ghosts.size()
                            + " listed clusters answered 404 (being deleted?): " + String.join(", ", ghosts), calls.attempts);
        } catch (RoleAssumptionException e) {
            // denied: a refusal retrying will not change; otherwise STS kept failing (throttled, unavailable).
            return new ScanResult(unit, e.denied() ? ScanResult.ACCESS_DENIED : ScanResult.FAILED, clusters, providers,
                    List.of(), e.errorCode(),
                    "cannot assume the role: " + e.getMessage(), calls.attempts);
        } catch (RuntimeException e) {
            String code = AwsErrors.code(e);
            if (REGION_NOT_ENABLED.contains(code) && clusters == 0) {
                return new ScanResult(unit, ScanResult.NOT_ENABLED, 0, 0, List.of(), code, AwsErrors.message(e),
                        calls.attempts);
            }
            String status = AwsErrors.isAccessDenied(e) ? ScanResult.ACCESS_DENIED : ScanResult.FAILED;
            return new ScanResult(unit, status, clusters, providers, List.of(), code, AwsErrors.message(e), calls.attempts);
        }
    }

    private int scanCluster(Calls calls, ScanUnit unit, String cluster, List<DiscoveredProvider> matches,
                            List<String> ghosts) {
        int providers = 0;
        String configToken = null;
        try {
            do {
                String token = configToken;
                ListIdentityProviderConfigsResponse page = calls.call(eks -> eks.listIdentityProviderConfigs(
                        // No maxResults: real EKS has answered a page size other than 1 with 400 "maxResults needs to be 1".
                        b -> b.overrideConfiguration(calls.eks.asAccount()).clusterName(cluster).nextToken(token)));
                for (IdentityProviderConfig config : page.identityProviderConfigs()) {
                    providers++;
                    if (!matcher.nameMatches(config.name())) {
                        continue;
                    }
                    String issuer = null;
                    if (matcher.needsIssuer()) {
                        issuer = issuer(calls, cluster, config);
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
    private static String issuer(Calls calls, String cluster, IdentityProviderConfig config) {
        try {
            return calls.call(eks -> eks.describeIdentityProviderConfig(b -> b.overrideConfiguration(calls.eks.asAccount()).clusterName(cluster)
                    .identityProviderConfig(config))).identityProviderConfig().oidc().issuerUrl();
        } catch (ResourceNotFoundException gone) {
            return null;
        }
    }

    /** Read calls of one bucket, each paced by its limiter and retried by the run's policy; counts the tries. */
    private final class Calls {
        /** Set once the account's role is assumed. */
        private AccountClient<EksClient> eks;
        private int attempts;

        <T> T call(Function<EksClient, T> request) {
            return retry.executeSupplier(() -> {
                attempts++;
                return eks.call(() -> request.apply(eks.client()));
            });
        }
    }
}
