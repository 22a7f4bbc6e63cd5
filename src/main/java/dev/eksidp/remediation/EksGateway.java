package dev.eksidp.remediation;

import dev.eksidp.aws.AccountEks;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.Update;

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

    public EksGateway(AccountEks account, AdaptiveRateLimiter limiter) {
        this.eks = account.client();
        this.account = account;
        this.limiter = limiter;
    }

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

    private <T> T call(Supplier<T> request) {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rate limiter", e);
        }
        try {
            T result = request.get();
            limiter.onSuccess();
            return result;
        } catch (RuntimeException e) {
            if (AwsErrors.isThrottling(e)) {
                limiter.onThrottled();
            }
            throw e;
        }
    }
}
