package dev.eksidp.housekeeping;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;

import java.time.Instant;
import java.util.List;

/**
 * One run in the job repository as {@code prune} sees it: a job instance (a plan, apply or discover run, with all
 * its executions: the first start and every resume) and the status of its last execution.
 *
 * @param lastActivity when its last execution ended (or, for one that never ended, last changed or started)
 */
public record StoredRun(JobInstance instance, String runId, String mode, BatchStatus status, Instant lastActivity,
                        List<Long> executionIds) {

    public StoredRun {
        executionIds = List.copyOf(executionIds);
    }

    /** COMPLETED, or ABANDONED (which resume refuses): nothing is left to do on it. */
    public boolean finished() {
        return status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED;
    }
}
