package dev.eksidp.job;

import dev.eksidp.restore.RemovedConfigStore;
import dev.eksidp.stop.StopSignal;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates each job execution's {@link RunResources} on first use and closes them when the job ends; holds each
 * execution's {@link StopSignal}, which outlives the execution so the reason it stopped can still be read.
 */
public class RunResourcesRegistry implements JobExecutionListener {

    private final Map<Long, RunResources> byExecution = new ConcurrentHashMap<>();
    private final Map<Long, StopSignal> stops = new ConcurrentHashMap<>();
    private final Clock clock;
    private final TargetStore store;
    private final String maxFailuresOverride;
    private final RemovedConfigStore removedConfigs;
    /** Set when the process was told to stop (a signal): every run, including one not started yet, stops. */
    private String processStop;

    /** @param maxFailuresOverride a new error budget given to resume, or null to keep the run's own */
    public RunResourcesRegistry(Clock clock, TargetStore store, String maxFailuresOverride, RemovedConfigStore removedConfigs) {
        this.clock = clock;
        this.removedConfigs = removedConfigs;
        this.store = store;
        this.maxFailuresOverride = maxFailuresOverride;
    }

    public RunResources forExecution(JobExecution execution) {
        return byExecution.computeIfAbsent(execution.getId(), id -> {
            RunSettings settings = RunSettings.from(execution.getJobParameters());
            int shards = Shard.of(execution.getJobParameters().getLong("shard.index"),
                    execution.getJobParameters().getLong("shard.count")).count();
            return new RunResources(settings, shards, errorBudget(settings.runId(), SafetyRails.from(execution.getJobParameters())),
                    stopSignal(execution), clock, removedConfigs);
        });
    }

    public StopSignal stopSignal(JobExecution execution) {
        StopSignal signal = stops.get(execution.getId());
        return signal != null ? signal : createStopSignal(execution.getId());
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

    private ErrorBudget errorBudget(String runId, SafetyRails rails) {
        String setting = maxFailuresOverride != null ? maxFailuresOverride : rails.maxFailures();
        if (setting == null) {
            return new ErrorBudget(null, null, 0);
        }
        Long budget = SafetyRails.failureBudget(setting, store.countActionable(runId));
        long failedSoFar = store.countsByOutcome(runId).entrySet().stream()
                .filter(e -> ErrorBudget.counts(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        return new ErrorBudget(budget, setting, failedSoFar);
    }

    @Override
    public void afterJob(JobExecution execution) {
        RunResources resources = byExecution.remove(execution.getId());
        if (resources != null) {
            resources.close();
        }
    }
}
