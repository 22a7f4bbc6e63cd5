package dev.eksidp.remediation;

import dev.eksidp.stop.StopRequestedException;
import dev.eksidp.stop.StopSignal;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a target's attempts with exponential random backoff until one is final or the attempts run out; then
 * the target is FAILED with the last error. This is the only retry layer: the SDK's own retries are off. A stop
 * ends a backoff at once and starts no further attempt: the target then throws {@link StopRequestedException}.
 */
public final class AttemptLoop {

    private final RetryConfig config;
    private final int maxAttempts;
    /** One retry per number of attempts left (a row deferred by a first pass has fewer). */
    private final Map<Integer, Retry> retries = new ConcurrentHashMap<>();
    private final StopSignal stop;

    public AttemptLoop(RetrySettings settings, StopSignal stop) {
        this.stop = stop;
        this.maxAttempts = settings.maxAttempts();
        IntervalFunction fast = IntervalFunction.ofExponentialRandomBackoff(settings.base(), 2.0, 0.5, settings.cap());
        IntervalFunction slow = IntervalFunction.ofExponentialRandomBackoff(settings.busyBase(), 2.0, 0.5, settings.busyCap());
        long throttledJitter = Math.max(1, settings.base().toMillis() / 5);
        this.config = RetryConfig.<Attempt>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnResult(attempt -> attempt instanceof Attempt.Again)
                .ignoreExceptions(StopRequestedException.class)
                .intervalBiFunction((n, outcome) -> {
                    Attempt.Backoff backoff = outcome.isRight() && outcome.get() instanceof Attempt.Again again
                            ? again.backoff() : Attempt.Backoff.TRANSIENT;
                    return switch (backoff) {
                        // Items of a chunk wait for each other: a long sleep here would hold the whole chunk.
                        case THROTTLED -> ThreadLocalRandom.current().nextLong(throttledJitter + 1);
                        case TRANSIENT -> fast.apply(n);
                        case BUSY -> slow.apply(n);
                    };
                })
                .build();
    }

    TargetResult run(long line, Supplier<Attempt> attempt) {
        return run(line, 0, attempt);
    }

    /** @param priorAttempts tries an earlier pass already made: together they stay within --max-attempts */
    public TargetResult run(long line, int priorAttempts, Supplier<Attempt> attempt) {
        int left = Math.max(1, maxAttempts - priorAttempts);
        Retry retry = retries.computeIfAbsent(left, n -> Retry.of("target", RetryConfig.from(config).maxAttempts(n).build()));
        AtomicInteger attempts = new AtomicInteger(priorAttempts);
        // The backoffs between attempts are waits a stop interrupts; the attempts themselves are not.
        Attempt last = stop.waiting(() -> retry.executeSupplier(() -> stop.working(() -> {
            attempts.incrementAndGet();
            return attempt.get();
        })));
        return switch (last) {
            case Attempt.Done done -> done.result().withAttempts(attempts.get());
            case Attempt.Again again -> TargetResult.error(line, Outcome.FAILED, again.errorCode(),
                    "gave up after " + attempts.get() + " attempts: " + again.errorMessage(), attempts.get());
        };
    }
}
