package dev.eksidp.job.remediation;

import dev.eksidp.remediation.Outcome;
import dev.eksidp.report.RunHistory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads a run's {@link RunHistory} from the job repository and the staging table. */
public final class RunHistories {

    private RunHistories() {
    }

    /**
     * @param current the execution writing the summary; it is given {@code status} and ends {@code now}
     */
    public static RunHistory of(JobRepository repository, TargetStore store, JobExecution current, String status, Instant now) {
        Map<Long, Map<Outcome, Long>> outcomes = store.outcomesByExecution(current.getJobParameters().getString("run.id"));
        List<RunHistory.Execution> executions = repository.getJobExecutions(current.getJobInstance()).stream()
                .sorted(Comparator.comparingLong(JobExecution::getId))
                .map(e -> e.getId() == current.getId()
                        ? new RunHistory.Execution(e.getId(), instant(current.getStartTime(), now), now, status, null,
                                outcomes.getOrDefault(e.getId(), Map.of()))
                        : new RunHistory.Execution(e.getId(), instant(e.getStartTime(), null), instant(e.getEndTime(), null),
                                e.getStatus().name(), stopReason(e), outcomes.getOrDefault(e.getId(), Map.of())))
                .toList();
        return new RunHistory(executions);
    }

    /** The reason StopReasonRecorder kept; null for other executions, and for runs from before it existed. */
    private static String stopReason(JobExecution e) {
        String reason = e.getExitStatus().getExitDescription();
        boolean kept = e.getStatus() == BatchStatus.STOPPED && reason != null && !reason.isBlank()
                && !reason.contains("Exception");
        return kept ? reason : null;
    }

    private static Instant instant(LocalDateTime time, Instant orElse) {
        return time == null ? orElse : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
