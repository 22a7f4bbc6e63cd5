package dev.eksidp.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live, thread-safe counters that let a test judge a client's behaviour from the server side:
 * how often it changed each provider, how hard it pushed each rate bucket, whether it leaked
 * calls into the wrong account or region.
 */
public final class SimulatorStats {
    /** One (operation, HTTP status) pair, e.g. (DisassociateIdentityProviderConfig, 409). */
    public record CallKey(String operation, int status) {
    }

    private final Map<CallKey, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> changeTokens = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> assumeRolePerAccount = new ConcurrentHashMap<>();
    private final Map<String, PeakRate> eksRates = new ConcurrentHashMap<>();
    private final PeakRate stsRate = new PeakRate();
    private final LongAdder idempotentReplays = new LongAdder();
    private final LongAdder eksThrottles = new LongAdder();
    private final LongAdder stsThrottles = new LongAdder();
    private final LongAdder crossAccountMisses = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder eksCalls = new LongAdder();
    private final LongAdder stsCalls = new LongAdder();
    private final LongAdder serverErrorsInjected = new LongAdder();
    private final LongAdder connectionsDropped = new LongAdder();
    private final LongAdder busyRejections = new LongAdder();
    private final AtomicLong anonymousTokens = new AtomicLong();

    // ---- recording (package-private: only the simulator writes) ----

    void call(String operation, int status) {
        calls.computeIfAbsent(new CallKey(operation, status), k -> new LongAdder()).increment();
    }

    void eksCall() {
        eksCalls.increment();
    }

    /** An authenticated EKS request reached the (account, region) rate bucket. */
    void eksArrival(String accountId, String region) {
        eksRates.computeIfAbsent(bucket(accountId, region), k -> new PeakRate()).arrive();
    }

    void stsArrival() {
        stsCalls.increment();
        stsRate.arrive();
    }

    /** A null token is a fresh change each time (the SDK always sends one; other clients may not). */
    void change(String accountId, String region, String cluster, String provider, String token) {
        String t = token != null ? token : "\u0000anonymous-" + anonymousTokens.incrementAndGet();
        changeTokens.computeIfAbsent(providerKey(accountId, region, cluster, provider), k -> ConcurrentHashMap.newKeySet()).add(t);
    }

    void idempotentReplay() { idempotentReplays.increment(); }
    void eksThrottle() { eksThrottles.increment(); }
    void stsThrottle() { stsThrottles.increment(); }
    void crossAccountMiss() { crossAccountMisses.increment(); }
    void authFailure() { authFailures.increment(); }
    void serverErrorInjected() { serverErrorsInjected.increment(); }
    void connectionDropped() { connectionsDropped.increment(); }
    void busyRejection() { busyRejections.increment(); }

    void assumeRole(String accountId) {
        assumeRolePerAccount.computeIfAbsent(accountId, k -> new LongAdder()).increment();
    }

    // ---- reading ----

    public long calls(String operation, int httpStatus) {
        LongAdder a = calls.get(new CallKey(operation, httpStatus));
        return a == null ? 0 : a.sum();
    }

    /** Total calls of one operation, whatever the status. */
    public long calls(String operation) {
        return calls.entrySet().stream().filter(e -> e.getKey().operation().equals(operation)).mapToLong(e -> e.getValue().sum()).sum();
    }

    public Map<CallKey, Long> callCounts() {
        Map<CallKey, Long> out = new TreeMap<>((a, b) -> a.operation().equals(b.operation())
                ? Integer.compare(a.status(), b.status()) : a.operation().compareTo(b.operation()));
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Distinct clientRequestTokens that produced a change (an Update) on this provider. */
    public int changes(String accountId, String region, String cluster, String provider) {
        Set<String> s = changeTokens.get(providerKey(accountId, region, cluster, provider));
        return s == null ? 0 : s.size();
    }

    public int maxChangesPerProvider() {
        return changeTokens.values().stream().mapToInt(Set::size).max().orElse(0);
    }

    /** Per provider ("account/region/cluster/provider") the number of distinct changing tokens. */
    public Map<String, Integer> changesPerProvider() {
        Map<String, Integer> out = new TreeMap<>();
        changeTokens.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    public long idempotentReplays() { return idempotentReplays.sum(); }
    public long eksThrottles() { return eksThrottles.sum(); }
    public long stsThrottles() { return stsThrottles.sum(); }
    public long crossAccountMisses() { return crossAccountMisses.sum(); }
    public long authFailures() { return authFailures.sum(); }
    public long eksCalls() { return eksCalls.sum(); }
    public long stsCalls() { return stsCalls.sum(); }
    public long serverErrorsInjected() { return serverErrorsInjected.sum(); }
    public long connectionsDropped() { return connectionsDropped.sum(); }
    public long busyRejections() { return busyRejections.sum(); }

    public Map<String, Long> assumeRoleCallsPerAccount() {
        Map<String, Long> out = new TreeMap<>();
        assumeRolePerAccount.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Most EKS requests that arrived for this (account, region) within any one second, throttled ones included. */
    public double peakRatePerBucket(String accountId, String region) {
        PeakRate p = eksRates.get(bucket(accountId, region));
        return p == null ? 0 : p.peak();
    }

    /** Most STS requests that arrived within any one second, throttled ones included. */
    public int stsPeakRate() {
        return stsRate.peak();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byOp = new TreeMap<>();
        callCounts().forEach((k, v) -> byOp.computeIfAbsent(k.operation(), o -> new TreeMap<>()).put(Integer.toString(k.status()), v));
        m.put("calls", byOp);
        m.put("eksCalls", eksCalls());
        m.put("stsCalls", stsCalls());
        m.put("changesPerProvider", changesPerProvider());
        m.put("maxChangesPerProvider", maxChangesPerProvider());
        m.put("idempotentReplays", idempotentReplays());
        m.put("eksThrottles", eksThrottles());
        m.put("stsThrottles", stsThrottles());
        m.put("crossAccountMisses", crossAccountMisses());
        m.put("authFailures", authFailures());
        m.put("serverErrorsInjected", serverErrorsInjected());
        m.put("connectionsDropped", connectionsDropped());
        m.put("busyRejections", busyRejections());
        m.put("assumeRoleCallsPerAccount", assumeRoleCallsPerAccount());
        Map<String, Integer> peaks = new TreeMap<>();
        eksRates.forEach((k, v) -> peaks.put(k, v.peak()));
        m.put("peakRatePerBucket", peaks);
        m.put("stsPeakRate", stsPeakRate());
        return m;
    }

    private static String bucket(String accountId, String region) {
        return accountId + "/" + region;
    }

    private static String providerKey(String accountId, String region, String cluster, String provider) {
        return accountId + "/" + region + "/" + cluster + "/" + provider;
    }
}
