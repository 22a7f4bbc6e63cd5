package dev.eksidp.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket for one (account, region) or one STS caller that adapts to throttling (AIMD).
 *
 * <p>Callers reserve a slot and sleep until it comes, so waiting costs no lock and, on virtual threads, no
 * platform thread. A throttle halves the rate (once per round of in-flight requests, so a burst of 429s
 * from one overshoot counts once); each success adds back a little, so a configured rate that was too high
 * costs a few throttles instead of a storm, and the rate climbs back to the configured ceiling when the
 * service allows it.
 */
public final class AdaptiveRateLimiter {

    private static final double MIN_RATE = 0.2;

    private final double maxRate;
    private final double maxBurst;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();

    private double rate;
    private double tokens;
    private long lastRefill;
    private long decreaseHoldUntil;
    private long throttles;

    public AdaptiveRateLimiter(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    AdaptiveRateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.maxRate = ratePerSecond;
        this.maxBurst = burst;
        this.nanoClock = nanoClock;
        this.rate = ratePerSecond;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Blocks until the caller may send one request. */
    public void acquire() throws InterruptedException {
        long waitNanos = reserve();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** Takes a token (possibly going into debt) and returns how long the caller must wait for it. */
    long reserve() {
        lock.lock();
        try {
            refill();
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
        } finally {
            lock.unlock();
        }
    }

    /** The service said "slow down": halve the rate and drop the burst allowance. */
    public void onThrottled() {
        lock.lock();
        try {
            throttles++;
            long now = nanoClock.getAsLong();
            if (now < decreaseHoldUntil) {
                return;
            }
            refill();
            rate = Math.max(MIN_RATE, rate / 2);
            tokens = Math.min(tokens, 0);
            // Requests already sent at the old rate will keep bouncing for about a second; one decrease covers them.
            decreaseHoldUntil = now + Duration.ofSeconds(1).toNanos();
        } finally {
            lock.unlock();
        }
    }

    /** A request went through: grow the rate by about one request per second, per second of successes. */
    public void onSuccess() {
        lock.lock();
        try {
            if (rate < maxRate) {
                rate = Math.min(maxRate, rate + 1.0 / rate);
            }
        } finally {
            lock.unlock();
        }
    }

    public double currentRate() {
        lock.lock();
        try {
            return rate;
        } finally {
            lock.unlock();
        }
    }

    public long throttles() {
        lock.lock();
        try {
            return throttles;
        } finally {
            lock.unlock();
        }
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        double capacity = Math.max(1, maxBurst * rate / maxRate);
        tokens = Math.min(capacity, tokens + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
    }
}
