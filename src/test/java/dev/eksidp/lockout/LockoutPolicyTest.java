package dev.eksidp.lockout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy against what IAM and AWS Organizations accept and what EKS documents for the action. */
class LockoutPolicyTest {

    /** The condition keys the EKS service authorization reference lists for AssociateIdentityProviderConfig. */
    private static final Set<String> DOCUMENTED_KEYS = Set.of("aws:RequestTag/${TagKey}", "aws:TagKeys", "eks:clientId", "eks:issuerUrl");
    private static final Set<String> STRING_OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void deniesTheIssuerWithOnlyDocumentedConditionKeys() throws Exception {
        JsonNode doc = json.readTree(new LockoutPolicy("https://idp.example.com/oauth2/default", Optional.empty()).document());
        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.get("Statement")).hasSize(1);
        JsonNode s = doc.get("Statement").get(0);
        assertThat(s.get("Sid").asText()).matches("[A-Za-z0-9]+");
        assertThat(s.get("Effect").asText()).isEqualTo("Deny");
        assertThat(s.get("Action").asText()).isEqualTo("eks:AssociateIdentityProviderConfig");
        assertThat(s.get("Resource").asText()).isEqualTo("*");
        assertThat(s.has("Principal")).as("an SCP statement names no principal").isFalse();
        Set<String> keys = new HashSet<>();
        s.get("Condition").fields().forEachRemaining(op -> {
            assertThat(STRING_OPERATORS).contains(op.getKey());
            op.getValue().fieldNames().forEachRemaining(keys::add);
        });
        assertThat(keys).containsExactly("eks:issuerUrl").isSubsetOf(DOCUMENTED_KEYS);
        assertThat(s.at("/Condition/StringEqualsIgnoreCase/eks:issuerUrl")).extracting(JsonNode::asText)
                .containsExactly("https://idp.example.com/oauth2/default", "https://idp.example.com/oauth2/default/");
    }

    @Test
    void aClientIdNarrowsTheDenyToThatClient() throws Exception {
        JsonNode s = json.readTree(new LockoutPolicy("https://idp.example.com/", Optional.of(" kubernetes ")).document())
                .get("Statement").get(0);
        assertThat(s.at("/Condition/StringEquals/eks:clientId").asText()).isEqualTo("kubernetes");
        assertThat(s.at("/Condition/StringEqualsIgnoreCase/eks:issuerUrl")).extracting(JsonNode::asText)
                .containsExactly("https://idp.example.com", "https://idp.example.com/");
    }

    @Test
    void refusesWhatCannotBeAnOidcIssuerOrAnScp() {
        assertThatThrownBy(() -> new LockoutPolicy("http://idp.example.com", Optional.empty())).hasMessageContaining("https://");
        assertThatThrownBy(() -> new LockoutPolicy("https://idp.example.com/?a=b", Optional.empty())).hasMessageContaining("query");
        assertThatThrownBy(() -> new LockoutPolicy("idp.example.com", Optional.empty())).hasMessageContaining("https://");
        LockoutPolicy huge = new LockoutPolicy("https://idp.example.com/" + "x".repeat(LockoutPolicy.SCP_MAX_CHARACTERS), Optional.empty());
        assertThatThrownBy(huge::document).hasMessageContaining("5120");
    }
}
