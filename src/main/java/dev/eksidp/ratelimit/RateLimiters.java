package dev.eksidp.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One limiter per key (an account and region for EKS, the caller for STS), created on first use, so a
 * throttled bucket only ever slows itself.
 */
public final class RateLimiters {

    private final double ratePerSecond;
    private final double burst;
    private final Map<String, AdaptiveRateLimiter> limiters = new ConcurrentHashMap<>();

    public RateLimiters(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    public AdaptiveRateLimiter forKey(String key) {
        return limiters.computeIfAbsent(key, k -> new AdaptiveRateLimiter(ratePerSecond, burst));
    }

}
