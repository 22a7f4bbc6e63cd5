package dev.eksidp.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eksidp.remediation.Target;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfigRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An identity provider config as apply found it right before removing it: every field
 * AssociateIdentityProviderConfig accepts, its tags, and where it was. Kept in the job repository before the
 * removal is sent (so a kill cannot lose it) and in the run's report files; {@code restore} puts it back from them.
 * {@code describedAt} is an ISO-8601 instant; {@code roleArn} the row's own role_arn (null when the targets file gave
 * none), so that the restore assumes the role the removal did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemovedConfig(long line, String accountId, String region, String clusterName, String type, String name,
                            String arn, String issuerUrl, String clientId, String usernameClaim, String usernamePrefix,
                            String groupsClaim, String groupsPrefix, Map<String, String> requiredClaims,
                            Map<String, String> tags, String describedAt, String roleArn) {

    public RemovedConfig {
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(clientId, "clientId");
        // Sorted: the same config always serialises the same way, so a sealed file can be compared byte for byte.
        requiredClaims = requiredClaims == null ? Map.of() : new TreeMap<>(requiredClaims);
        tags = tags == null ? Map.of() : new TreeMap<>(tags);
    }

    public static RemovedConfig of(Target target, OidcIdentityProviderConfig c, Instant describedAt) {
        return new RemovedConfig(target.line(), target.accountId(), target.region(), target.clusterName(),
                target.providerType(), target.providerName(), c.identityProviderConfigArn(), c.issuerUrl(), c.clientId(),
                c.usernameClaim(), c.usernamePrefix(), c.groupsClaim(), c.groupsPrefix(), c.requiredClaims(), c.tags(),
                describedAt.truncatedTo(ChronoUnit.MILLIS).toString(), target.roleArn());
    }

    public String key() {
        return String.join("|", accountId, region, clusterName, type, name);
    }

    public OidcIdentityProviderConfigRequest request() {
        return OidcIdentityProviderConfigRequest.builder().identityProviderConfigName(name).issuerUrl(issuerUrl)
                .clientId(clientId).usernameClaim(usernameClaim).usernamePrefix(usernamePrefix).groupsClaim(groupsClaim)
                .groupsPrefix(groupsPrefix).requiredClaims(requiredClaims.isEmpty() ? null : requiredClaims).build();
    }

    /** What differs from the live config (empty when it has every setting and tag this one had; ARN and status aside). */
    public String differencesFrom(OidcIdentityProviderConfig live) {
        StringBuilder out = new StringBuilder();
        differ(out, "issuerUrl", issuerUrl, live.issuerUrl());
        differ(out, "clientId", clientId, live.clientId());
        differ(out, "usernameClaim", usernameClaim, live.usernameClaim());
        differ(out, "usernamePrefix", usernamePrefix, live.usernamePrefix());
        differ(out, "groupsClaim", groupsClaim, live.groupsClaim());
        differ(out, "groupsPrefix", groupsPrefix, live.groupsPrefix());
        differ(out, "requiredClaims", requiredClaims, new TreeMap<>(live.requiredClaims()));
        differ(out, "tags", tags, new TreeMap<>(live.tags()));
        return out.toString();
    }

    private static void differ(StringBuilder out, String field, Object removed, Object live) {
        if (!Objects.equals(removed, live)) {
            out.append(out.isEmpty() ? "" : "; ").append(field).append(" was ").append(removed).append(", is ").append(live);
        }
    }
}
