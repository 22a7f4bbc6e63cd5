package dev.eksidp.remediation;

import java.time.Duration;

/**
 * Backoff for a target's tries: {@code base} doubles per attempt (with jitter) up to {@code cap} for throttling
 * and transient errors; {@code busyBase} / {@code busyCap} for a cluster that is busy with another update.
 */
public record RetrySettings(int maxAttempts, Duration base, Duration cap, Duration busyBase, Duration busyCap) {

    public static RetrySettings defaults(int maxAttempts) {
        return new RetrySettings(maxAttempts, Duration.ofMillis(250), Duration.ofSeconds(20),
                Duration.ofSeconds(15), Duration.ofMinutes(2));
    }
}
