package dev.eksidp.remediation;

import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.RetryPolicy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * apply: keeps the full description of a target's provider (see {@link RemovalRecorder}), then disassociates it
 * with the run's stable token for that row. Errors that may only mean
 * "already done" (404, 409, 400 InvalidRequest) are checked against the live state before they count. In the
 * first pass a busy cluster defers its row instead of waiting: the items of a chunk wait for each other, and one
 * busy cluster (EKS updates take many minutes) must not hold up the other clusters of its bucket.
 */
public final class Disassociator implements TargetRemediator {

    private final RemediationPass pass;
    private final Clock clock;
    private final RemovalRecorder recorder;
    private final UpdateResults updates = new UpdateResults();
    private final ProviderLookup lookup = new ProviderLookup();

    public Disassociator(RemediationPass pass, Clock clock, RemovalRecorder recorder) {
        this.pass = pass;
        this.clock = clock;
        this.recorder = recorder;
    }

    @Override
    public TargetResult remediate(Target target) {
        String token = ClientRequestTokens.forTarget(pass.runId(), target);
        // When a request of this row went unanswered (a dropped connection, a timeout, a 5xx): it may have been
        // carried out, and a later "not found" is then this run's own change.
        AtomicReference<Instant> unanswered = new AtomicReference<>();
        AtomicBoolean described = new AtomicBoolean();
        return pass.loop().run(target.line(), target.priorAttempts(), () -> attempt(target, token, unanswered, described));
    }

    private Attempt attempt(Target target, String token, AtomicReference<Instant> unanswered, AtomicBoolean described) {
        try {
            EksGateway eks = pass.gateways().forTarget(target);
            if (!described.get()) {
                // Right before acting, so what is kept is what was removed. A DELETING config is being removed by
                // someone (perhaps an earlier execution of this run, which kept it then): nothing new to keep.
                eks.describeProvider(target).filter(c -> !ProviderLookup.DELETING.equals(c.statusAsString()))
                        .ifPresent(c -> recorder.beforeRemoval(target, c));
                described.set(true);
            }
            Instant sentAt = clock.instant();
            try {
                return new Attempt.Done(updates.fromUpdate(target.line(), Outcome.DISASSOCIATED, eks.disassociate(target, token)));
            } catch (ResourceNotFoundException | ResourceInUseException | InvalidRequestException e) {
                Optional<TargetResult> decided = lookup.look(eks, target, unanswered.get());
                if (decided.isPresent()) {
                    return new Attempt.Done(decided.get());
                }
                // The provider is still there: the cluster is busy with another update, or not ACTIVE. Plan calls a
                // cluster that is not ACTIVE BLOCKED; so does apply, unless it has become ACTIVE since.
                Optional<String> cluster = eks.clusterStatus(target.clusterName());
                if (cluster.isPresent() && !cluster.get().equals("ACTIVE")) {
                    return Attempts.clusterNotActive(target.line(), cluster.get());
                }
                return pass.deferBusy() ? new Attempt.Done(TargetResult.deferred(target.line(), AwsErrors.code(e), AwsErrors.message(e)))
                        : new Attempt.Again(RetryPolicy.Backoff.BUSY, AwsErrors.code(e), AwsErrors.message(e));
            } catch (RuntimeException e) {
                if (mayHaveReached(e)) {
                    unanswered.compareAndSet(null, sentAt);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            // A stop passes through: fromError rethrows it.
            return Attempts.fromError(target.line(), e);
        }
    }

    /**
     * A request that may have been carried out although no answer said so: a 5xx, a timeout, a connection that
     * broke. Throttling never is, nor a failure before the request left (credentials, a stop).
     */
    private static boolean mayHaveReached(RuntimeException e) {
        if (AwsErrors.isThrottling(e)) {
            return false;
        }
        if (AwsErrors.status(e) >= 500 || e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
