package dev.eksidp.remediation;

import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.stop.StopRequestedException;
import dev.eksidp.stop.StopSignal;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a target's attempts with exponential random backoff until one is final or the attempts run out; then
 * the target is FAILED with the last error, with the one {@link RetryPolicy}. A stop
 * ends a backoff at once and starts no further attempt: the target then throws {@link StopRequestedException}.
 */
public final class AttemptLoop {

    private final RetryConfig config;
    private final int maxAttempts;
    /** One retry per number of attempts left (a row deferred by a first pass has fewer). */
    private final Map<Integer, Retry> retries = new ConcurrentHashMap<>();
    private final StopSignal stop;
    private final NextTries nextTries;

    /** @param nextTries where each backoff's next try is kept while it lasts, for the progress line */
    public AttemptLoop(RetryPolicy policy, StopSignal stop, NextTries nextTries) {
        this.stop = stop;
        this.nextTries = nextTries;
        this.maxAttempts = policy.maxAttempts();
        this.config = policy.<Attempt>forResults(attempt -> attempt instanceof Attempt.Again,
                attempt -> attempt instanceof Attempt.Again again ? again.backoff() : RetryPolicy.Backoff.TRANSIENT,
                StopRequestedException.class);
    }

    TargetResult run(long line, Supplier<Attempt> attempt) {
        return run(line, 0, attempt);
    }

    /** @param priorAttempts tries an earlier pass already made: together they stay within --max-attempts */
    public TargetResult run(long line, int priorAttempts, Supplier<Attempt> attempt) {
        int left = Math.max(1, maxAttempts - priorAttempts);
        Retry retry = retries.computeIfAbsent(left, this::retry);
        AtomicInteger attempts = new AtomicInteger(priorAttempts);
        // The backoffs between attempts are waits a stop interrupts; the attempts themselves are not.
        Attempt last;
        try {
            last = stop.waiting(() -> retry.executeSupplier(() -> stop.working(() -> {
                nextTries.trying();
                attempts.incrementAndGet();
                return attempt.get();
            })));
        } finally {
            nextTries.trying();
        }
        return switch (last) {
            case Attempt.Done done -> done.result().withAttempts(attempts.get());
            case Attempt.Again again -> TargetResult.error(line, Outcome.FAILED, again.errorCode(),
                    "gave up after " + attempts.get() + " attempts: " + again.errorMessage(), attempts.get());
        };
    }

    private Retry retry(int attempts) {
        Retry retry = Retry.of("target", RetryConfig.from(config).maxAttempts(attempts).build());
        // Published on the target's own thread right before it sleeps the interval.
        retry.getEventPublisher().onRetry(event -> nextTries.backingOff(event.getWaitInterval()));
        return retry;
    }
}
