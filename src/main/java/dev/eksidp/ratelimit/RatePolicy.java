package dev.eksidp.ratelimit;

/**
 * How one service's limiters pace: where they start, the ceiling they never exceed, their burst, and whether they
 * look for the service's rate themselves (slow start) or start at the ceiling an operator gave.
 *
 * <p>AWS publishes no rate for the EKS API or for STS AssumeRole, only "back off and retry". So with no rate option
 * the tool starts at a rate known to be safe (the old defaults: 5 EKS requests/s per account and region, 10
 * AssumeRole/s), doubles it per second of successes (TCP slow start, the SDKs' adaptive retry mode) until the first
 * throttle, then holds just under what the service accepted and probes gently above it. The adaptive ceiling is a
 * hard stop for a service that never throttles: 10x the safe start, above any rate an EKS account has been seen to
 * allow and far above what one job can use per bucket.
 *
 * @param start     the rate the limiter begins at, requests per second
 * @param ceiling   the rate it never goes above
 * @param burst     the most tokens it holds at the ceiling (it scales with the current rate below it)
 * @param slowStart whether it grows multiplicatively from {@code start} until the first throttle
 */
public record RatePolicy(double start, double ceiling, double burst, boolean slowStart) {

    /** The safe start and the hard ceiling of the adaptive EKS limiters (per account and region). */
    public static final double EKS_ADAPTIVE_START = 5;
    public static final double EKS_ADAPTIVE_CEILING = 50;
    /** The safe start and the hard ceiling of the adaptive STS limiter (per hub identity, divided among shards). */
    public static final double STS_ADAPTIVE_START = 10;
    public static final double STS_ADAPTIVE_CEILING = 100;

    public RatePolicy {
        if (!(start > 0) || !(ceiling >= start) || !(burst >= 1)) {
            throw new IllegalArgumentException("need 0 < start <= ceiling and burst >= 1");
        }
    }

    /** A rate an operator gave: a ceiling, and where the limiter starts (it only goes down from there on throttling). */
    public static RatePolicy fixed(double rate, double burst) {
        return new RatePolicy(rate, rate, Math.max(1, burst), false);
    }

    /**
     * No rate given: find it, from {@code start} up to {@code ceiling}. The burst is one second of the current rate,
     * never more than {@code maxBurst} (null: no cap other than the ceiling).
     */
    public static RatePolicy adaptive(double start, double ceiling, Double maxBurst) {
        return new RatePolicy(start, ceiling, Math.max(1, maxBurst != null ? maxBurst : ceiling), true);
    }

    /** The tokens a bucket holds at {@code rate}: a fixed rate's burst scales with it, an adaptive one is a second's worth. */
    double capacityAt(double rate) {
        double seconds = slowStart ? 1 : burst / ceiling;
        return Math.max(1, Math.min(burst, rate * seconds));
    }

    /**
     * This policy's share when {@code shards} processes of one run call as the same identity (every shard assumes
     * roles as the hub, so they share its STS budget): start, ceiling and burst divided by the shard count.
     */
    public RatePolicy share(int shards) {
        if (shards <= 1) {
            return this;
        }
        return new RatePolicy(start / shards, ceiling / shards, Math.max(1, burst / shards), slowStart);
    }
}
