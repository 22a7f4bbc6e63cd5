package dev.eksidp.remediation;

import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.aws.RoleAssumptionException;
import dev.eksidp.stop.StopRequestedException;


/** The decisions shared by plan and apply: what an error means, and how to tell "gone" from "never there". */
public final class Attempts {

    private Attempts() {
    }

    public static Attempt done(long line, Outcome outcome) {
        return new Attempt.Done(TargetResult.of(line, outcome, 0));
    }

    /** A cluster that is not ACTIVE: plan and apply both call the row BLOCKED, with the same code and reason. */
    static Attempt clusterNotActive(long line, String status) {
        return new Attempt.Done(TargetResult.error(line, Outcome.BLOCKED, "ClusterNotActive", "cluster status is " + status, 0));
    }

    public static Attempt fromError(long line, RuntimeException e) {
        StopRequestedException.rethrowIfCause(e);
        // The SDK wraps what a credentials refresh threw during signing.
        if (!(e instanceof RoleAssumptionException) && e.getCause() instanceof RoleAssumptionException assumption) {
            e = assumption;
        }
        if (e instanceof RoleAssumptionException denied && denied.denied()) {
            // Not a refusal of the role: STS is off where we asked (the account's admin can turn it on).
            Outcome outcome = denied.errorCode().equals("RegionDisabledException") ? Outcome.STS_REGION_DISABLED : Outcome.ACCESS_DENIED;
            return new Attempt.Done(TargetResult.error(line, outcome, denied.errorCode(), denied.getMessage(), 0));
        }
        if (e instanceof RoleAssumptionException transientFailure) {
            return new Attempt.Again(RetryPolicy.Backoff.TRANSIENT, transientFailure.errorCode(), transientFailure.getMessage());
        }
        if (AwsErrors.isAccessDenied(e)) {
            return new Attempt.Done(TargetResult.error(line, Outcome.ACCESS_DENIED, AwsErrors.code(e), AwsErrors.message(e), 0));
        }
        // An expired token means our clock and the service's disagree; the next attempt resolves fresh credentials.
        if (AwsErrors.isThrottling(e)) {
            return new Attempt.Again(RetryPolicy.Backoff.THROTTLED, AwsErrors.code(e), AwsErrors.message(e));
        }
        if (AwsErrors.isTransient(e) || AwsErrors.isExpired(e)) {
            return new Attempt.Again(RetryPolicy.Backoff.TRANSIENT, AwsErrors.code(e), AwsErrors.message(e));
        }
        return new Attempt.Done(TargetResult.error(line, Outcome.FAILED, AwsErrors.code(e), AwsErrors.message(e), 0));
    }
}
