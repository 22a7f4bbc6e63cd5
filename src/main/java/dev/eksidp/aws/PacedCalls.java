package dev.eksidp.aws;

import dev.eksidp.ratelimit.AdaptiveRateLimiter;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Read calls through one limiter: each takes a slot, a throttled one slows the limiter down, and throttling or
 * transient errors are retried with jittered exponential backoff up to maxAttempts tries per call. Not thread-safe:
 * one per scan (the limiter itself is shared).
 */
public final class PacedCalls {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private final AdaptiveRateLimiter limiter;
    private final int maxAttempts;
    private final Duration backoffBase;
    private int attempts;

    public PacedCalls(AdaptiveRateLimiter limiter, int maxAttempts, Duration backoffBase) {
        this.limiter = limiter;
        this.maxAttempts = maxAttempts;
        this.backoffBase = backoffBase;
    }

    /** Requests sent so far, retries included. */
    public int attempts() {
        return attempts;
    }

    public <T> T call(Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            attempts++;
            long admitted = -1;
            try {
                admitted = limiter.acquire();
                T result = request.get();
                limiter.onSuccess();
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the rate limiter", e);
            } catch (RuntimeException e) {
                if (AwsErrors.isThrottling(e)) {
                    limiter.onThrottled(admitted);
                }
                if (!AwsErrors.isTransient(e) || attempt >= maxAttempts) {
                    throw e;
                }
                sleep(attempt);
            }
        }
    }

    private void sleep(int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), backoffBase.toMillis() << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during backoff", e);
        }
    }
}
