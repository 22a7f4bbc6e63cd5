package dev.eksidp.remediation;

/** What one try at a target came to: a final result, or a reason to try again after a backoff. */
sealed interface Attempt {

    record Done(TargetResult result) implements Attempt {
    }

    /**
     * {@code slow}: the cluster is busy with another update or not ACTIVE, which lasts minutes, not the
     * fraction of a second a throttle or a server error lasts.
     */
    record Again(boolean slow, String errorCode, String errorMessage) implements Attempt {
    }
}
