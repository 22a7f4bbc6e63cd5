package dev.eksidp.job.remediation;

import dev.eksidp.job.StopSignals;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Keeps why an execution stopped (a signal, the error budget) as its exit description in the job repository, in
 * place of Spring Batch's "JobInterruptedException": the summary a later resume writes lists each interruption with
 * its reason.
 */
final class StopReasonRecorder implements JobExecutionListener {

    private final StopSignals stops;

    StopReasonRecorder(StopSignals stops) {
        this.stops = stops;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.STOPPED) {
            stops.stopReason(execution.getId()).ifPresent(reason ->
                    execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), reason)));
        }
    }
}
