package dev.eksidp.remediation;

/** What one try at a target came to: a final result, or a reason to try again after a backoff. */
public sealed interface Attempt {

    record Done(TargetResult result) implements Attempt {
    }

    record Again(Backoff backoff, String errorCode, String errorMessage) implements Attempt {
    }

    enum Backoff {
        /** Throttled: the bucket's limiter has slowed down and paces the retry; only a little jitter is added. */
        THROTTLED,
        /** A server error or a dropped connection: exponential backoff from {@code --backoff}. */
        TRANSIENT,
        /** The cluster is busy with another update or not ACTIVE, which lasts minutes: from {@code --busy-backoff}. */
        BUSY
    }
}
