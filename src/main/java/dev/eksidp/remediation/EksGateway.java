package dev.eksidp.remediation;

import dev.eksidp.aws.AccountClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.Update;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The EKS calls of remediation in one account and region, each sent through the bucket's {@link AccountClient}
 * (its credentials and limiter). It never retries: the caller decides what an error means for its target.
 */
public final class EksGateway {

    private static final int RECENT_UPDATES = 10;
    /** Our clock and the service's may disagree by this much. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final EksClient eks;
    private final AccountClient<EksClient> account;

    public EksGateway(AccountClient<EksClient> account) {
        this.eks = account.client();
        this.account = account;
    }

    /** The one change this tool makes; never sent once the run's stop was requested. */
    public Update disassociate(Target target, String clientRequestToken) {
        return account.call(() -> eks.disassociateIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                .clusterName(target.clusterName())
                .clientRequestToken(clientRequestToken)
                .identityProviderConfig(config(target))).update());
    }

    /** The cluster's status, or empty when there is no such cluster in this account and region. */
    public Optional<String> clusterStatus(String clusterName) {
        try {
            return Optional.of(account.call(() -> eks.describeCluster(b -> b.overrideConfiguration(account.asAccount()).name(clusterName)).cluster().statusAsString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The provider config's status (ACTIVE, CREATING, DELETING), or empty when it is not on the cluster. */
    public Optional<String> providerStatus(Target target) {
        try {
            return Optional.of(account.call(() -> eks.describeIdentityProviderConfig(b -> b.overrideConfiguration(account.asAccount())
                    .clusterName(target.clusterName())
                    .identityProviderConfig(config(target))).identityProviderConfig().oidc().statusAsString()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
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
            var page = account.call(() -> eks.listIdentityProviderConfigs(b -> b.overrideConfiguration(account.asAccount())
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
        List<String> ids = account.call(() -> eks.listUpdates(b -> b.overrideConfiguration(account.asAccount()).name(clusterName))).updateIds();
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
        return account.call(() -> eks.describeUpdate(b -> b.overrideConfiguration(account.asAccount()).name(clusterName).updateId(updateId)).update());
    }

    private static IdentityProviderConfig config(Target target) {
        return IdentityProviderConfig.builder().type(target.providerType()).name(target.providerName()).build();
    }
}
