package dev.eksidp.metrics;

import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts AWS calls and throttled answers per service, for the metrics file. Registered as an SDK global interceptor
 * (software/amazon/awssdk/global/handlers/execution.interceptors), so every client the tool builds, in any package,
 * is counted without being wired to it. The SDK makes one instance per client, hence the counters are per JVM;
 * a command takes a {@link #snapshot()} when it starts and reports the difference. The SDK's own retries are off,
 * so one execution is one request.
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    /** Calls and throttled calls of one service. */
    public record Counts(long calls, long throttles) {

        Counts minus(Counts earlier) {
            return new Counts(calls - earlier.calls, throttles - earlier.throttles);
        }
    }

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> THROTTLES = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, context.exception() instanceof SdkServiceException e && e.isThrottlingException());
    }

    private static void count(ExecutionAttributes attributes, boolean throttled) {
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT);
        CALLS.computeIfAbsent(service, k -> new LongAdder()).increment();
        LongAdder throttles = THROTTLES.computeIfAbsent(service, k -> new LongAdder());
        if (throttled) {
            throttles.increment();
        }
    }

    /** Service name (eks, sts) to its counts so far in this JVM. */
    public static Map<String, Counts> snapshot() {
        Map<String, Counts> counts = new TreeMap<>();
        CALLS.forEach((service, calls) -> counts.put(service, new Counts(calls.sum(), THROTTLES.get(service).sum())));
        return counts;
    }

    /** What happened between two snapshots; eks and sts are always present, with 0 when not called. */
    public static Map<String, Counts> since(Map<String, Counts> earlier) {
        Map<String, Counts> delta = new TreeMap<>(Map.of("eks", new Counts(0, 0), "sts", new Counts(0, 0)));
        snapshot().forEach((service, now) -> delta.put(service, now.minus(earlier.getOrDefault(service, new Counts(0, 0)))));
        return delta;
    }
}
