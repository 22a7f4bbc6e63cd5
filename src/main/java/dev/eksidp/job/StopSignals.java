package dev.eksidp.job;

import dev.eksidp.stop.StopSignal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each job execution's {@link StopSignal}. A singleton, not part of the execution's {@link dev.eksidp.job.remediation.RunContext}: a signal
 * to the process must reach runs not started yet, and the reason a run stopped is read after its job ended.
 */
public class StopSignals {

    private final Map<Long, StopSignal> stops = new ConcurrentHashMap<>();
    /** Set when the process was told to stop (a signal): every run, including one not started yet, stops. */
    private String processStop;

    public StopSignal stopSignal(long executionId) {
        StopSignal signal = stops.get(executionId);
        return signal != null ? signal : createStopSignal(executionId);
    }

    private synchronized StopSignal createStopSignal(long executionId) {
        return stops.computeIfAbsent(executionId, id -> {
            StopSignal signal = new StopSignal();
            if (processStop != null) {
                signal.request(processStop);
            }
            return signal;
        });
    }

    /** The process was told to stop: every run it is running stops making changes now. */
    public synchronized void stopAll(String reason) {
        processStop = reason;
        stops.values().forEach(s -> s.request(reason));
    }

    /** Why the execution stopped on request, if it did. */
    public Optional<String> stopReason(long executionId) {
        StopSignal signal = stops.get(executionId);
        return signal == null ? Optional.empty() : signal.reason();
    }
}
