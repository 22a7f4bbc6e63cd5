package dev.eksidp.ratelimit;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One limiter per key (an account and region for EKS, the caller for STS), created on first use, so a
 * throttled bucket only ever slows itself.
 */
public final class RateLimiters {

    private final RatePolicy policy;
    private final Map<String, AdaptiveRateLimiter> limiters = new ConcurrentHashMap<>();

    public RateLimiters(RatePolicy policy) {
        this.policy = policy;
    }

    /** Fixed rate and burst per key. */
    public RateLimiters(double ratePerSecond, double burst) {
        this(RatePolicy.fixed(ratePerSecond, burst));
    }

    public AdaptiveRateLimiter forKey(String key) {
        return limiters.computeIfAbsent(key, k -> new AdaptiveRateLimiter(policy));
    }

    public RatePolicy policy() {
        return policy;
    }

    public int size() {
        return limiters.size();
    }

    /** Throttles of every bucket together, for the summary: how often the service pushed back. */
    public long throttles() {
        return limiters.values().stream().mapToLong(AdaptiveRateLimiter::throttles).sum();
    }

    /** The bucket whose service accepted the most requests in one second, for the summary. */
    public Optional<Map.Entry<String, AdaptiveRateLimiter>> busiest() {
        return limiters.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, AdaptiveRateLimiter> e) -> e.getValue().peakAccepted())
                        .thenComparingDouble(e -> e.getValue().peakRate()));
    }
}
