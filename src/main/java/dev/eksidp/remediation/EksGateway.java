package dev.eksidp.remediation;

import dev.eksidp.aws.AccountEks;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.stop.StopSignal;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.Update;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The EKS calls of one account and region, each paced by that bucket's limiter, which learns from every
 * throttle and success. It never retries: the caller decides what an error means for its target.
 */
public final class EksGateway {

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
        try {
            return Optional.of(call(() -> eks.describeIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                    .clusterName(target.clusterName())
                    .identityProviderConfig(config(target))).identityProviderConfig().oidc().statusAsString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
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
