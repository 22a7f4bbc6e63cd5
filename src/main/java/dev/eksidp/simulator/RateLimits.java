package dev.eksidp.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per key (EKS: account|region; STS: caller access key), created on first use. */
final class RateLimits {
    private final Fleet.Rate rate;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Fleet.Rate rate) {
        this.rate = rate;
    }

    boolean tryAcquire(String key) {
        if (rate.unlimited()) return true;
        return buckets.computeIfAbsent(key, k -> new TokenBucket(rate)).tryAcquire();
    }
}
