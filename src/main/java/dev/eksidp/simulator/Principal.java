package dev.eksidp.simulator;

import java.time.Instant;

/**
 * Who signed a request. The hub has long-term keys and no session token; assumed-role
 * principals carry a session token and expire (on the simulator clock).
 * toString leaves out the secret and the token so they cannot reach a log by accident.
 */
record Principal(String accountId, String accessKeyId, String secretAccessKey, String sessionToken,
                 Instant expiresAt, String roleName, String sessionName, String roleId) {

    boolean hub() {
        return sessionToken == null;
    }

    boolean expired(Instant simNow) {
        return expiresAt != null && !simNow.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Principal[account=" + accountId + ", accessKeyId=" + accessKeyId + (hub() ? ", hub" : ", role=" + roleName + ", session=" + sessionName) + "]";
    }
}
