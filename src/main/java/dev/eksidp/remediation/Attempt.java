package dev.eksidp.remediation;

import dev.eksidp.aws.RetryPolicy;

/** What one try at a target came to: a final result, or a reason to try again after a backoff. */
sealed interface Attempt {

    record Done(TargetResult result) implements Attempt {
    }

    record Again(RetryPolicy.Backoff backoff, String errorCode, String errorMessage) implements Attempt {
    }
}
