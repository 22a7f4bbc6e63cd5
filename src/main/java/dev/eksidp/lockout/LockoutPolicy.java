package dev.eksidp.lockout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy that keeps a compromised issuer off every cluster: it denies {@code eks:AssociateIdentityProviderConfig}
 * when the request's {@code eks:issuerUrl} (and, if given, {@code eks:clientId}) match, the condition keys the EKS
 * service authorization reference documents for that action. Attached as a service control policy it binds every
 * principal of the accounts below it, including administrators and automation that would re-associate the issuer.
 */
public record LockoutPolicy(String issuerUrl, Optional<String> clientId) {

    /** AWS Organizations' limit on a service control policy document. */
    public static final int SCP_MAX_CHARACTERS = 5_120;
    public static final String ACTION = "eks:AssociateIdentityProviderConfig";
    public static final String ISSUER_KEY = "eks:issuerUrl";
    public static final String CLIENT_ID_KEY = "eks:clientId";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LockoutPolicy {
        issuerUrl = checkedIssuer(issuerUrl);
        clientId = clientId.map(String::strip).filter(id -> !id.isEmpty());
    }

    /** The statement on its own, to add to an existing IAM policy or permissions boundary. */
    public Map<String, Object> statement() {
        Map<String, Object> condition = new LinkedHashMap<>();
        // The issuer is matched ignoring case and with or without a trailing slash: a variant that EKS accepts must
        // not slip past the deny. Over-matching can only refuse an association that was never wanted.
        condition.put("StringEqualsIgnoreCase", Map.of(ISSUER_KEY, issuerVariants()));
        clientId.ifPresent(id -> condition.put("StringEquals", Map.of(CLIENT_ID_KEY, id)));
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "DenyCompromisedIdentityProviderIssuer");
        statement.put("Effect", "Deny");
        statement.put("Action", ACTION);
        statement.put("Resource", "*");
        statement.put("Condition", condition);
        return statement;
    }

    /** The whole policy document: a service control policy, valid unchanged as an IAM identity policy too. */
    public String document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statement()));
        String text = toJson(doc);
        if (text.length() > SCP_MAX_CHARACTERS) {
            throw new IllegalArgumentException("the policy would have " + text.length() + " characters; a service control "
                    + "policy may have " + SCP_MAX_CHARACTERS);
        }
        return text;
    }

    public String statementJson() {
        return toJson(statement());
    }

    List<String> issuerVariants() {
        String bare = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
        return List.of(bare, bare + "/");
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EKS takes https issuers without query or fragment (the OIDC discovery rule); anything else is a typo. */
    private static String checkedIssuer(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("--issuer-url is empty");
        String u = url.strip();
        try {
            URI uri = new URI(u);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--issuer-url must be an https:// URL with a host, got " + u);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("--issuer-url cannot have a query or fragment (OIDC issuers have none), got " + u);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--issuer-url is not a URL: " + e.getMessage());
        }
        return u;
    }
}
