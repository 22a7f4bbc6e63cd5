package dev.eksidp.discovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderMatcherTest {

    @Test
    void issuersMatchIgnoringATrailingSlashAndTheCaseOfSchemeAndHost() {
        ProviderMatcher m = new ProviderMatcher("https://IdP.example.com/oauth2/", null);
        assertThat(m.issuerMatches("https://idp.example.com/oauth2")).isTrue();
        assertThat(m.issuerMatches("https://idp.example.com/OAUTH2")).isFalse();
        assertThat(m.issuerMatches("https://idp.example.com/oauth2/other")).isFalse();
        assertThat(m.issuerMatches(null)).isFalse();
        assertThat(m.nameMatches("anything")).isTrue();
    }

    @Test
    void withBothCriteriaBothMustMatch() {
        ProviderMatcher m = new ProviderMatcher("https://idp.example.com", "okta");
        assertThat(m.needsIssuer()).isTrue();
        assertThat(m.nameMatches("okta")).isTrue();
        assertThat(m.nameMatches("corp")).isFalse();
        assertThat(new ProviderMatcher(null, "okta").needsIssuer()).isFalse();
    }
}
