package dev.eksidp.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IAM Identity Center's portal {@code GetRoleCredentials} ({@code GET /federation/credentials?account_id=&role_name=},
 * the access token in {@code x-amz-sso_bearer_token}, no SigV4): what the SDK's SSO credentials provider calls with
 * the token {@code aws sso login} cached. It gives a role session in the hub account ({@code
 * AWSReservedSSO_<role>_<id>}), which may assume the fleet's roles as the hub does, by role chaining (1 h at most).
 */
final class SsoApi {

    static final String PATH = "/federation/credentials";

    private final Fleet.Hub hub;
    private final CredentialStore credentials;
    private final SimClock clock;
    private final long lifetimeSeconds;

    SsoApi(Fleet fleet, CredentialStore credentials, SimClock clock) {
        this.hub = fleet.hub();
        this.credentials = credentials;
        this.clock = clock;
        this.lifetimeSeconds = fleet.credentials().maxLifetimeSeconds();
    }

    Map<String, Object> getRoleCredentials(String accessToken, Map<String, String> query) {
        if (accessToken == null || !accessToken.equals(hub.ssoAccessToken())) {
            throw Errors.eks(401, "UnauthorizedException", "Session token not found or invalid", null);
        }
        String accountId = query.get("account_id");
        String roleName = query.get("role_name");
        if (accountId == null || roleName == null) {
            throw Errors.eks(400, "InvalidRequestException", "account_id and role_name are required", null);
        }
        if (!accountId.equals(hub.accountId())) {
            throw Errors.eks(403, "ForbiddenException", "No access", null);
        }
        String reservedRole = "AWSReservedSSO_" + roleName + "_" + StsApi.roleId(accountId, roleName).substring(4, 20).toLowerCase();
        Instant expiresAt = clock.now().plusSeconds(lifetimeSeconds);
        Principal p = credentials.issue(accountId, reservedRole, "simulator-sso-user", expiresAt,
                StsApi.roleId(accountId, reservedRole));
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("accessKeyId", p.accessKeyId());
        role.put("secretAccessKey", p.secretAccessKey());
        role.put("sessionToken", p.sessionToken());
        // Epoch milliseconds on the wall clock, as the portal sends it; the client refreshes by its own clock.
        role.put("expiration", clock.toWall(expiresAt).toEpochMilli());
        return Map.of("roleCredentials", role);
    }
}
