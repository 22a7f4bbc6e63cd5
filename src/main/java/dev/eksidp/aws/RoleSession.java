package dev.eksidp.aws;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Duration;
import java.time.Instant;

/** Temporary credentials for one account and when to stop trusting them. */
record RoleSession(AwsSessionCredentials credentials, Instant issuedAt, Instant expiration) {

    private static final Duration MAX_REFRESH_WINDOW = Duration.ofMinutes(5);

    /**
     * Refresh 5 minutes before expiry, or a third of the lifetime for short-lived sessions, so a long run never
     * sends a request with credentials about to expire.
     */
    boolean needsRefresh(Instant now) {
        Duration lifetime = Duration.between(issuedAt, expiration);
        Duration window = lifetime.dividedBy(3).compareTo(MAX_REFRESH_WINDOW) < 0 ? lifetime.dividedBy(3) : MAX_REFRESH_WINDOW;
        return !now.isBefore(expiration.minus(window));
    }

    boolean expired(Instant now) {
        return !now.isBefore(expiration);
    }
}
