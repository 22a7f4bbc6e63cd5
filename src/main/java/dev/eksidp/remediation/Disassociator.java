package dev.eksidp.remediation;

import dev.eksidp.aws.AwsErrors;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.util.Optional;

/**
 * apply: disassociates a target's provider with the run's stable token for that row. Errors that may only mean
 * "already done" (404, 409, 400 InvalidRequest) are checked against the live state before they count.
 */
public final class Disassociator implements TargetRemediator {

    private final String runId;
    private final EksGateways gateways;
    private final AttemptLoop loop;
    private final UpdateResults updates = new UpdateResults();

    public Disassociator(String runId, EksGateways gateways, RetrySettings retry) {
        this.runId = runId;
        this.gateways = gateways;
        this.loop = new AttemptLoop(retry);
    }

    @Override
    public TargetResult remediate(Target target) {
        String token = ClientRequestTokens.forTarget(runId, target);
        return loop.run(target.line(), () -> attempt(target, token));
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
                return new Attempt.Again(Attempt.Backoff.BUSY, AwsErrors.code(e), AwsErrors.message(e));
            }
        } catch (RuntimeException e) {
            return Attempts.fromError(target.line(), e);
        }
    }
}
