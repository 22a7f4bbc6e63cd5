package dev.eksidp.restore;

import dev.eksidp.remediation.Target;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.model.OidcIdentityProviderConfig;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RemovedConfigTest {

    private final Target row = new Target(7, "111122223333", "eu-west-1", "prod", "oidc", "legacy-idp",
            "arn:aws:iam::111122223333:role/Remediator", 0);
    private final RemovedConfig config = RemovedConfig.of(row, OidcIdentityProviderConfig.builder()
            .identityProviderConfigArn("arn:aws:eks:eu-west-1:111122223333:identityproviderconfig/prod/oidc/legacy-idp/u")
            .issuerUrl("https://idp.example.com").clientId("kubernetes").usernameClaim("email").groupsPrefix("oidc:")
            .requiredClaims(Map.of("hd", "example.com")).tags(Map.of("team", "platform")).build(),
            Instant.parse("2026-12-02T10:00:00.123Z"));

    @Test
    void theStoredFormLeavesOutWhereTheConfigWasAndTheWholeDescriptionComesBackFromItsRow() {
        String stored = config.storedForm();
        assertThat(stored).doesNotContain("111122223333\"", "\"prod\"", "legacy-idp\"", "Remediator", "\"line\"")
                .contains("https://idp.example.com", "example.com", "platform", "oidc:");
        assertThat(RemovedConfig.parse(RemovedConfig.wholeJson(stored, row))).isEqualTo(config);
    }

    @Test
    void aDescriptionKeptWholeByAnEarlierVersionReadsTheSame() throws Exception {
        String whole = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config);
        assertThat(RemovedConfig.parse(RemovedConfig.wholeJson(whole, row))).isEqualTo(config);
    }

    @Test
    void textThatIsNotAnObjectIsKeptAsItIsForTheReport() {
        assertThat(RemovedConfig.wholeJson("not json", row)).isEqualTo("not json");
    }
}
