package dev.eksidp.simulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The hub's long-term key plus every temporary credential STS has issued, by access key id. */
final class CredentialStore {
    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Principal> byAccessKey = new ConcurrentHashMap<>();

    CredentialStore(Fleet.Hub hub) {
        byAccessKey.put(hub.accessKeyId(), new Principal(hub.accountId(), hub.accessKeyId(), hub.secretAccessKey(),
                null, null, null, null, "AIDA" + randomKey(17)));
    }

    Principal lookup(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }

    Principal issue(String accountId, String roleName, String sessionName, Instant expiresAt, String roleId) {
        Principal p = new Principal(accountId, "ASIA" + randomKey(16), randomSecret(30), randomSecret(96),
                expiresAt, roleName, sessionName, roleId);
        byAccessKey.put(p.accessKeyId(), p);
        return p;
    }

    /** Every temporary secret key and session token issued so far: what a hygiene check must never find. */
    List<String> issuedSecrets() {
        List<String> secrets = new ArrayList<>();
        byAccessKey.values().stream().filter(p -> p.sessionToken() != null).forEach(p -> {
            secrets.add(p.secretAccessKey());
            secrets.add(p.sessionToken());
        });
        return secrets;
    }

    private String randomKey(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(KEY_CHARS[random.nextInt(KEY_CHARS.length)]);
        return sb.toString();
    }

    private String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
