package dev.eksidp.simulator;

/** Classic token bucket on the real (not simulated) clock: rate limits are about real request pace. */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(Fleet.Rate rate) {
        this.ratePerNano = rate.ratePerSecond() / 1e9;
        this.capacity = rate.effectiveBurst();
        this.tokens = capacity;
        this.lastNanos = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastNanos) * ratePerNano);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
