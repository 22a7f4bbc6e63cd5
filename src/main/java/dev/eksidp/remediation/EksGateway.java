package dev.eksidp.remediation;

import dev.eksidp.aws.AccountEks;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.stop.StopSignal;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfigRequest;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The EKS calls of one account and region, each paced by that bucket's limiter, which learns from every
 * throttle and success. It never retries: the caller decides what an error means for its target.
 */
public final class EksGateway {

    private static final int RECENT_UPDATES = 10;
    /** Our clock and the service's may disagree by this much. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final EksClient eks;
    private final AccountEks account;
    private final AdaptiveRateLimiter limiter;
    private final StopSignal stop;
    private final Clock clock;

    public EksGateway(AccountEks account, AdaptiveRateLimiter limiter, StopSignal stop, Clock clock) {
        this.eks = account.client();
        this.account = account;
        this.limiter = limiter;
        this.stop = stop;
        this.clock = clock;
    }

    /** The one change this tool makes; never sent once the run's stop was requested. */
    public Update disassociate(Target target, String clientRequestToken) {
        return call(() -> eks.disassociateIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                .clusterName(target.clusterName())
                .clientRequestToken(clientRequestToken)
                .identityProviderConfig(config(target))).update());
    }

    /** The cluster's status, or empty when there is no such cluster in this account and region. */
    public Optional<String> clusterStatus(String clusterName) {
        try {
            return Optional.of(call(() -> eks.describeCluster(b -> b.overrideConfiguration(account.asAccount()).name(clusterName)).cluster().statusAsString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The provider config's status (ACTIVE, CREATING, DELETING), or empty when it is not on the cluster. */
    public Optional<String> providerStatus(Target target) {
        return describeProvider(target).map(OidcIdentityProviderConfig::statusAsString);
    }

    /** Every field and tag of the target's provider config (what a restore needs), or empty when it is not on the cluster. */
    public Optional<OidcIdentityProviderConfig> describeProvider(Target target) {
        try {
            return Optional.of(call(() -> eks.describeIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                    .clusterName(target.clusterName())
                    .identityProviderConfig(config(target))).identityProviderConfig().oidc()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Puts a config back (restore): a cluster update of its own, never sent once the run's stop was requested. */
    public Update associate(String clusterName, OidcIdentityProviderConfigRequest oidc, Map<String, String> tags,
                            String clientRequestToken) {
        return call(() -> eks.associateIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                .clusterName(clusterName)
                .clientRequestToken(clientRequestToken)
                .oidc(oidc)
                .tags(tags.isEmpty() ? null : tags)).update());
    }

    /**
     * The names of the identity provider configs on the cluster. No maxResults: real EKS has answered a page size
     * other than 1 with 400 "maxResults needs to be 1" (aws-sdk-go #4457), and a cluster has one OIDC config.
     */
    public List<String> providerNames(String clusterName) {
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = call(() -> eks.listIdentityProviderConfigs(b -> b.overrideConfiguration(account.asAccount())
                    .clusterName(clusterName).nextToken(token)));
            page.identityProviderConfigs().forEach(c -> names.add(c.name()));
            next = page.nextToken();
        } while (next != null);
        return names;
    }

    /**
     * The newest identity provider disassociation on the cluster created at or after {@code since}, if any: the
     * update a request whose answer was lost started (EKS runs one update per cluster at a time, and the update's
     * params do not name the provider). Reads the last {@value #RECENT_UPDATES} ids of ListUpdates' first page at most.
     */
    public Optional<Update> disassociationSince(String clusterName, Instant since) {
        List<String> ids = call(() -> eks.listUpdates(b -> b.overrideConfiguration(account.asAccount()).name(clusterName))).updateIds();
        Update newest = null;
        for (String id : ids.subList(Math.max(0, ids.size() - RECENT_UPDATES), ids.size())) {
            Update u = describeUpdate(clusterName, id);
            if (u.typeAsString().equals("DisassociateIdentityProviderConfig") && u.createdAt() != null
                    && !u.createdAt().isBefore(since.minus(CLOCK_SKEW))
                    && (newest == null || u.createdAt().isAfter(newest.createdAt()))) {
                newest = u;
            }
        }
        return Optional.ofNullable(newest);
    }

    public Update describeUpdate(String clusterName, String updateId) {
        return call(() -> eks.describeUpdate(b -> b.overrideConfiguration(account.asAccount()).name(clusterName).updateId(updateId)).update());
    }

    private static IdentityProviderConfig config(Target target) {
        return IdentityProviderConfig.builder().type(target.providerType()).name(target.providerName()).build();
    }

    /**
     * Sends a request in the bucket's pace. Credentials the service calls expired are assumed again at once and the
     * request is sent once more: our clock may disagree with the service's, and a long --wait outlives any session.
     */
    private <T> T call(Supplier<T> request) {
        Instant sentAt = clock.instant();
        try {
            return paced(request);
        } catch (RuntimeException e) {
            if (!AwsErrors.isExpired(e)) {
                throw e;
            }
            account.credentials().expiredFor(sentAt);
            account.credentials().resolveCredentials();
            return paced(request);
        }
    }

    /** Waits for the bucket's limiter (a stop cuts the wait short and sends nothing), then sends the request. */
    private <T> T paced(Supplier<T> request) {
        long admitted = stop.waiting(limiter::acquire);
        stop.check();
        try {
            T result = request.get();
            limiter.onSuccess();
            return result;
        } catch (RuntimeException e) {
            if (AwsErrors.isThrottling(e)) {
                limiter.onThrottled(admitted);
            }
            throw e;
        }
    }
}
