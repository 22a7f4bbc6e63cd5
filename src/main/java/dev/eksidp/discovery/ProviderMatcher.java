package dev.eksidp.discovery;

import java.util.Locale;

/**
 * Which identity provider configs discovery reports: those named {@code providerName}, and/or those whose OIDC
 * issuer is {@code issuerUrl}. Issuers are compared without a trailing slash and with the scheme and host in any
 * case (the path is compared exactly, as OIDC does).
 */
public record ProviderMatcher(String issuerUrl, String providerName) {

    public ProviderMatcher {
        if (issuerUrl == null && providerName == null) {
            throw new IllegalArgumentException("an issuer URL or a provider name is required");
        }
    }

    public boolean needsIssuer() {
        return issuerUrl != null;
    }

    public boolean nameMatches(String name) {
        return providerName == null || providerName.equals(name);
    }

    public boolean issuerMatches(String issuer) {
        return issuerUrl == null || issuer != null && normalise(issuerUrl).equals(normalise(issuer));
    }

    static String normalise(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        int schemeEnd = u.indexOf("://");
        if (schemeEnd < 0) {
            return u;
        }
        int pathStart = u.indexOf('/', schemeEnd + 3);
        return pathStart < 0 ? u.toLowerCase(Locale.ROOT)
                : u.substring(0, pathStart).toLowerCase(Locale.ROOT) + u.substring(pathStart);
    }
}
