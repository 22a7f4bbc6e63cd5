package dev.eksidp.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS AssumeRole and GetCallerIdentity (query protocol). Only the hub account (its user, or a role session in it
 * such as IAM Identity Center's) may assume roles into member accounts; the trust rules of the fleet (roles,
 * externalId, denied) decide the answer.
 */
final class StsApi {
    static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final Map<String, Fleet.Account> accounts = new HashMap<>();
    /** Accounts whose role trust refuses the hub: the fleet's denied ones, changed by {@link #setDenied}. */
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final CredentialStore credentials;
    private final SimClock clock;
    private final SimulatorStats stats;
    private final long maxLifetimeSeconds;
    private final long maxSessionDurationSeconds;
    private final boolean hubIsAssumedRole;
    private final String webIdentityToken;
    private final String hubAccountId;

    StsApi(Fleet fleet, CredentialStore credentials, SimClock clock, SimulatorStats stats) {
        fleet.accounts().forEach(a -> accounts.put(a.id(), a));
        fleet.accounts().stream().filter(Fleet.Account::denied).forEach(a -> denied.add(a.id()));
        this.credentials = credentials;
        this.clock = clock;
        this.stats = stats;
        this.maxLifetimeSeconds = fleet.credentials().maxLifetimeSeconds();
        this.maxSessionDurationSeconds = fleet.credentials().maxSessionDurationSeconds();
        this.hubIsAssumedRole = fleet.credentials().hubIsAssumedRole();
        this.hubAccountId = fleet.hub().accountId();
        this.webIdentityToken = fleet.hub().webIdentityToken();
    }

    void setDenied(String accountId, boolean refused) {
        if (refused) denied.add(accountId); else denied.remove(accountId);
    }

    /** @return the XML response body */
    /** @param region the region the request was signed for: which regional STS endpoint it reached */
    String handle(String action, Principal caller, String region, Map<String, String> params, String requestId) {
        return switch (action) {
            case "AssumeRole" -> assumeRole(caller, region, params, requestId);
            case "GetCallerIdentity" -> callerIdentity(caller, requestId);
            case "AssumeRoleWithWebIdentity" -> assumeRoleWithWebIdentity(params, requestId);
            default -> throw Errors.sts(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private String assumeRole(Principal caller, String region, Map<String, String> params, String requestId) {
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        checkRequest(roleArn, sessionName);
        long duration = duration(params);
        // A role session (an IAM Identity Center one, or the hub itself with hubIsAssumedRole) assumes by chaining.
        boolean chained = caller.hub() ? hubIsAssumedRole : caller.accountId().equals(hubAccountId);
        if (chained && duration > 3600) {
            throw Errors.sts(400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (duration > maxSessionDurationSeconds) {
            throw Errors.sts(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) throw validation("roleArn", roleArn, "Member must be a valid IAM role ARN");
        String accountId = m.group(2);
        String roleName = m.group(3);
        stats.assumeRole(accountId);
        Fleet.Account account = accounts.get(accountId);
        if (account != null && region != null && account.stsDisabledRegions().contains(region)) {
            throw Errors.sts(403, "RegionDisabledException", "STS is not activated in this region for account:" + accountId
                    + ". Your account administrator can activate STS in this region using the IAM Console.");
        }
        String externalId = params.get("ExternalId");
        // The fleet's roles trust the hub account: its user, and its role sessions (IAM Identity Center's).
        boolean allowed = caller.accountId().equals(hubAccountId) && account != null && !denied.contains(accountId) && account.roles().contains(roleName)
                && (account.externalId() == null || account.externalId().equals(externalId));
        if (!allowed) {
            String who = caller.hub() ? "arn:aws:iam::" + caller.accountId() + ":user/simulator-hub"
                    : assumedRoleArn(caller.accountId(), caller.roleName(), caller.sessionName());
            throw Errors.sts(403, "AccessDenied", "User: " + who + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        return issued("AssumeRole", accountId, roleName, sessionName, Math.min(duration, maxLifetimeSeconds), m.group(1),
                "", requestId);
    }

    /**
     * IRSA and other OIDC federation (unsigned): a role of the hub account for the fleet's web identity token, e.g.
     * a Kubernetes service account's, which the SDK reads from AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN.
     */
    private String assumeRoleWithWebIdentity(Map<String, String> params, String requestId) {
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        checkRequest(roleArn, sessionName);
        long duration = duration(params);
        if (!webIdentityToken.equals(params.get("WebIdentityToken"))) {
            throw Errors.sts(400, "InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS.");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) throw validation("roleArn", roleArn, "Member must be a valid IAM role ARN");
        if (!m.group(2).equals(hubAccountId)) {
            throw Errors.sts(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        if (duration > maxSessionDurationSeconds) {
            throw Errors.sts(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        return issued("AssumeRoleWithWebIdentity", hubAccountId, m.group(3), sessionName,
                Math.min(duration, maxLifetimeSeconds), m.group(1),
                "    <SubjectFromWebIdentityToken>system:serviceaccount:simulator:eks-idp-remediation</SubjectFromWebIdentityToken>\n"
                        + "    <Audience>sts.amazonaws.com</Audience>\n", requestId);
    }

    private static void checkRequest(String roleArn, String sessionName) {
        if (roleArn == null) throw validation("roleArn", "null", "Member must not be null");
        if (sessionName == null) throw validation("roleSessionName", "null", "Member must not be null");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("roleSessionName", sessionName, "Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*");
        }
    }

    /** DurationSeconds, 3600 when not given. */
    private static long duration(Map<String, String> params) {
        if (!params.containsKey("DurationSeconds")) {
            return 3600;
        }
        long duration;
        try {
            duration = Long.parseLong(params.get("DurationSeconds"));
        } catch (NumberFormatException e) {
            duration = -1;
        }
        if (duration < 900 || duration > 43200) {
            throw validation("durationSeconds", params.get("DurationSeconds"), "Member must have value between 900 and 43200");
        }
        return duration;
    }

    /** A role session's credentials, as the {@code action}'s response carries them. */
    private String issued(String action, String accountId, String roleName, String sessionName, long lifetimeSeconds,
                          String partition, String extra, String requestId) {
        Instant expiresAt = clock.now().plusSeconds(lifetimeSeconds);
        String roleId = roleId(accountId, roleName);
        Principal p = credentials.issue(accountId, roleName, sessionName, expiresAt, roleId);
        // The client compares Expiration with its own clock, so send the wall-clock moment of expiry.
        String expiration = DateTimeFormatter.ISO_INSTANT.format(clock.toWall(expiresAt).truncatedTo(ChronoUnit.SECONDS));
        return "<" + action + "Response xmlns=\"" + NS + "\">\n"
                + "  <" + action + "Result>\n"
                + extra
                + "    <AssumedRoleUser>\n"
                + "      <AssumedRoleId>" + xml(roleId + ":" + sessionName) + "</AssumedRoleId>\n"
                + "      <Arn>" + xml(assumedRoleArn(accountId, roleName, sessionName, partition)) + "</Arn>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Credentials>\n"
                + "      <AccessKeyId>" + p.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + xml(p.secretAccessKey()) + "</SecretAccessKey>\n"
                + "      <SessionToken>" + xml(p.sessionToken()) + "</SessionToken>\n"
                + "      <Expiration>" + expiration + "</Expiration>\n"
                + "    </Credentials>\n"
                + "  </" + action + "Result>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n"
                + "</" + action + "Response>\n";
    }

    private String callerIdentity(Principal caller, String requestId) {
        String userId = caller.hub() ? caller.roleId() : caller.roleId() + ":" + caller.sessionName();
        String arn = caller.hub() && hubIsAssumedRole ? "arn:aws:sts::" + hubAccountId + ":assumed-role/SimulatorHubRole/hub-session"
                : caller.hub() ? "arn:aws:iam::" + hubAccountId + ":user/simulator-hub"
                : assumedRoleArn(caller.accountId(), caller.roleName(), caller.sessionName());
        return "<GetCallerIdentityResponse xmlns=\"" + NS + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + xml(arn) + "</Arn>\n"
                + "    <UserId>" + xml(userId) + "</UserId>\n"
                + "    <Account>" + caller.accountId() + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
    }

    static String errorXml(ApiException e, String requestId) {
        String type = e.status() >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NS + "\">\n"
                + "  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + xml(e.code()) + "</Code>\n    <Message>" + xml(e.getMessage()) + "</Message>\n  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    private static ApiException validation(String member, String value, String constraint) {
        return Errors.sts(400, "ValidationError", "1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    private static String assumedRoleArn(String accountId, String roleName, String sessionName) {
        return assumedRoleArn(accountId, roleName, sessionName, "aws");
    }

    private static String assumedRoleArn(String accountId, String roleName, String sessionName, String partition) {
        return "arn:" + partition + ":sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** Stable per (account, role), like a real role id. */
    static String roleId(String accountId, String roleName) {
        String hex = UUID.nameUUIDFromBytes((accountId + "/" + roleName).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").toUpperCase();
        return "AROA" + hex.substring(0, 17);
    }

    static String xml(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
