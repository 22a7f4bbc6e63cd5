package dev.eksidp.remediation;

import dev.eksidp.aws.AwsErrors;
import dev.eksidp.stop.StopRequestedException;
import dev.eksidp.stop.StopSignal;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.util.Optional;

/**
 * apply: disassociates a target's provider with the run's stable token for that row. Errors that may only mean
 * "already done" (404, 409, 400 InvalidRequest) are checked against the live state before they count. In the
 * first pass a busy cluster defers its row instead of waiting: the items of a chunk wait for each other, and one
 * busy cluster (EKS updates take many minutes) must not hold up the other clusters of its bucket.
 */
public final class Disassociator implements TargetRemediator {

    private final String runId;
    private final EksGateways gateways;
    private final AttemptLoop loop;
    private final UpdateResults updates = new UpdateResults();
    private final boolean deferBusy;

    /** @param deferBusy true for the first pass: a busy cluster defers the row instead of backing off in place */
    public Disassociator(String runId, EksGateways gateways, RetrySettings retry, StopSignal stop, boolean deferBusy) {
        this.runId = runId;
        this.gateways = gateways;
        this.loop = new AttemptLoop(retry, stop);
        this.deferBusy = deferBusy;
    }

    @Override
    public TargetResult remediate(Target target) {
        String token = ClientRequestTokens.forTarget(runId, target);
        return loop.run(target.line(), target.priorAttempts(), () -> attempt(target, token));
    }

    private Attempt attempt(Target target, String token) {
        try {
            EksGateway eks = gateways.forTarget(target);
            try {
                return new Attempt.Done(updates.fromUpdate(target.line(), Outcome.DISASSOCIATED, eks.disassociate(target, token)));
            } catch (ResourceNotFoundException | ResourceInUseException | InvalidRequestException e) {
                Optional<Outcome> nothingToDo = Attempts.nothingToDo(eks, target);
                if (nothingToDo.isPresent()) {
                    return Attempts.done(target.line(), nothingToDo.get());
                }
                // The provider is still there: the cluster is busy with another update, or not ACTIVE yet.
                return deferBusy ? new Attempt.Done(TargetResult.deferred(target.line(), AwsErrors.code(e), AwsErrors.message(e)))
                        : new Attempt.Again(Attempt.Backoff.BUSY, AwsErrors.code(e), AwsErrors.message(e));
            }
        } catch (StopRequestedException e) {
            throw e;
        } catch (RuntimeException e) {
            return Attempts.fromError(target.line(), e);
        }
    }
}
