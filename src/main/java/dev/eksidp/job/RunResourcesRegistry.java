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

    public RunResourcesRegistry(Clock clock) {
        this.clock = clock;
    }

    public RunResources forExecution(JobExecution execution) {
        return byExecution.computeIfAbsent(execution.getId(),
                id -> new RunResources(RunSettings.from(execution.getJobParameters()), clock));
    }

    @Override
    public void afterJob(JobExecution execution) {
        RunResources resources = byExecution.remove(execution.getId());
        if (resources != null) {
            resources.close();
        }
    }
}
