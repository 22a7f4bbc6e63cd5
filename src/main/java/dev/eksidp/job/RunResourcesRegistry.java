package dev.eksidp.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Creates each job execution's {@link RunResources} on first use and closes them when the job ends. */
public class RunResourcesRegistry implements JobExecutionListener {

    private final Map<Long, RunResources> byExecution = new ConcurrentHashMap<>();
    private final Clock clock;
    private final TargetStore store;
    private final String maxFailuresOverride;

    /** @param maxFailuresOverride a new error budget given to resume, or null to keep the run's own */
    public RunResourcesRegistry(Clock clock, TargetStore store, String maxFailuresOverride) {
        this.clock = clock;
        this.store = store;
        this.maxFailuresOverride = maxFailuresOverride;
    }

    public RunResources forExecution(JobExecution execution) {
        return byExecution.computeIfAbsent(execution.getId(), id -> {
            RunSettings settings = RunSettings.from(execution.getJobParameters());
            return new RunResources(settings, errorBudget(settings.runId(), SafetyRails.from(execution.getJobParameters())), clock);
        });
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
