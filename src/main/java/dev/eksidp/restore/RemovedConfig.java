package dev.eksidp.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksidp.remediation.Target;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfigRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields that say where the config was: its row's. */
    private static final List<String> PLACE = List.of("line", "accountId", "region", "clusterName", "type", "name", "roleArn");

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

    /**
     * What the job repository keeps of it: everything but where it was, which the row it is kept in already says
     * (the row's fields were 40% of the text, and the kept configs most of the repository's growth per row).
     */
    public String storedForm() {
        ObjectNode node = JSON.valueToTree(this);
        node.remove(PLACE);
        return node.toString();
    }

    /**
     * The whole description, as JSON text, from its {@link #storedForm()} and the row it was kept in. A run from before
     * the stored form kept the whole description: its place fields are the row's anyway. Text that does not parse is
     * returned as it is, for the report to keep.
     */
    public static String wholeJson(String stored, Target row) {
        JsonNode kept;
        try {
            kept = JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            return stored;
        }
        if (!(kept instanceof ObjectNode fields)) {
            return stored;
        }
        ObjectNode whole = JSON.createObjectNode().put("line", row.line()).put("accountId", row.accountId())
                .put("region", row.region()).put("clusterName", row.clusterName()).put("type", row.providerType())
                .put("name", row.providerName());
        fields.properties().forEach(field -> {
            if (!PLACE.contains(field.getKey())) {
                whole.set(field.getKey(), field.getValue());
            }
        });
        if (row.roleArn() != null) {
            whole.put("roleArn", row.roleArn());
        }
        return whole.toString();
    }

    /** A description from its whole JSON text (a report's, or {@link #wholeJson}'s). */
    public static RemovedConfig parse(String wholeJson) {
        try {
            return JSON.readValue(wholeJson, RemovedConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept removed config cannot be read: " + e.getOriginalMessage(), e);
        }
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
