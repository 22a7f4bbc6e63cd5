package dev.eksidp.aws;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one retry policy of every AWS call (Resilience4j; the SDK's own retries are off, so two layers never
 * multiply): up to {@code maxAttempts} tries, the pause between them chosen by what went wrong ({@link Backoff}).
 * {@code base} doubles per attempt (with jitter) up to {@code cap}; {@code busyBase} / {@code busyCap} for a
 * cluster busy with another update.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration busyBase, Duration busyCap) {

    /** How long to wait before trying again. */
    public enum Backoff {
        /** Throttled: the bucket's limiter has slowed down and paces the retry; only a little jitter is added. */
        THROTTLED,
        /** A server error or a dropped connection: exponential backoff from {@code --backoff}. */
        TRANSIENT,
        /** The cluster is busy with another update or not ACTIVE, which lasts minutes: from {@code --busy-backoff}. */
        BUSY
    }

    private static final Duration CAP = Duration.ofSeconds(20);

    /** For calls that never meet a busy cluster (STS, discovery, verify). */
    public static RetryPolicy of(int maxAttempts, Duration base) {
        return new RetryPolicy(maxAttempts, base, CAP, base, CAP);
    }

    /** With the busy-cluster backoff of apply's second pass. */
    public static RetryPolicy withBusyBackoff(int maxAttempts, Duration base, Duration busyBase) {
        return new RetryPolicy(maxAttempts, base, CAP, busyBase, busyBase.multipliedBy(8));
    }

    /** What an AWS error calls for: a throttle waits on the limiter, anything else transient backs off. */
    public static Backoff backoffOf(Throwable error) {
        return AwsErrors.isThrottling(error) ? Backoff.THROTTLED : Backoff.TRANSIENT;
    }

    /** Calls that throw: throttling and transient errors ({@link AwsErrors#isTransient}) are tried again. */
    public Retry forCalls(String name) {
        IntervalFunction intervals = intervals();
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction((n, outcome) -> interval(intervals, n,
                        outcome.isLeft() ? backoffOf(outcome.getLeft()) : Backoff.TRANSIENT))
                .retryOnException(AwsErrors::isTransient)
                .build());
    }

    /**
     * Work that answers with a result rather than throwing (a target's attempt): a result {@code again} accepts is
     * tried again after the pause {@code backoff} names; an exception is not retried.
     */
    public <T> RetryConfig forResults(Predicate<T> again, Function<T, Backoff> backoff, Class<? extends Throwable> ignored) {
        IntervalFunction fast = intervals();
        IntervalFunction slow = IntervalFunction.ofExponentialRandomBackoff(busyBase, 2.0, 0.5, busyCap);
        return RetryConfig.<T>custom()
                .maxAttempts(maxAttempts)
                .retryOnResult(again)
                .ignoreExceptions(ignored)
                .intervalBiFunction((n, outcome) -> {
                    Backoff b = outcome.isRight() ? backoff.apply(outcome.get()) : Backoff.TRANSIENT;
                    return b == Backoff.BUSY ? slow.apply(n) : interval(fast, n, b);
                })
                .build();
    }

    private IntervalFunction intervals() {
        return IntervalFunction.ofExponentialRandomBackoff(base, 2.0, 0.5, cap);
    }

    private long interval(IntervalFunction exponential, int n, Backoff backoff) {
        // Items of a chunk (and every partition of an account waiting for its credentials) wait for each other: after a
        // throttle the limiter paces the retry, and a long sleep here would only hold them all.
        return backoff == Backoff.THROTTLED
                ? ThreadLocalRandom.current().nextLong(Math.max(1, base.toMillis() / 5) + 1)
                : exponential.apply(n);
    }
}
