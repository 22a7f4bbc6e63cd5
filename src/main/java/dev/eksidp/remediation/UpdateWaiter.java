package dev.eksidp.remediation;

import software.amazon.awssdk.services.eks.model.UpdateStatus;

import java.util.Optional;

/**
 * --wait: checks an accepted update once. An update that ended Successful keeps the row's outcome (DISASSOCIATED,
 * RESTORED) with the final status; Failed or Cancelled makes it FAILED with the update's errors.
 */
public final class UpdateWaiter {

    private final EksGateways gateways;
    private final UpdateResults updates = new UpdateResults();

    public UpdateWaiter(EksGateways gateways) {
        this.gateways = gateways;
    }

    /** The row's final result, or empty while the update is still in progress (or could not be read now). */
    public Optional<TargetResult> check(Target target, String updateId, int attempts, Outcome accepted) {
        try {
            var update = gateways.forTarget(target).describeUpdate(target.clusterName(), updateId);
            if (update.status() == UpdateStatus.IN_PROGRESS) {
                return Optional.empty();
            }
            Outcome outcome = update.status() == UpdateStatus.SUCCESSFUL ? accepted : Outcome.FAILED;
            TargetResult result = updates.fromUpdate(target.line(), outcome, update).withAttempts(attempts);
            if (outcome == Outcome.FAILED && result.errorCode() == null) {
                result = new TargetResult(result.line(), outcome, result.updateId(), result.updateStatus(),
                        "Update" + update.statusAsString(), "the update ended " + update.statusAsString(), attempts,
                        result.updateCreatedAt(), result.updateParamsJson(), result.updateErrorsJson());
            }
            return Optional.of(result);
        } catch (RuntimeException transientOrThrottled) {
            // Polling again next round is the retry.
            return Optional.empty();
        }
    }
}
