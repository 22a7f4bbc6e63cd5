package dev.eksidp.report;

import dev.eksidp.aws.BaseIdentity;
import dev.eksidp.remediation.Mode;

import java.time.Instant;
import java.util.List;

/**
 * What summary.md says about the run besides the counts. {@code resumeCommand} is null when there is nothing to
 * resume; {@code notes} are free lines from the job (rate settings, warnings); {@code identity} (who acted, where)
 * and {@code history} (the run's executions across stops and resumes) are null when unknown, e.g. a merged report.
 * {@code startTime} is the run's first start, also after resumes. {@code origin} (host, OS user, version, command
 * line) and {@code retries} (retries and throttles) are null when unknown, as for a merged report.
 */
public record SummaryContext(String runId, Mode mode, String targetsFile, long jobExecutionId, Instant startTime,
                             Instant endTime, String status, String resumeCommand, List<String> notes,
                             BaseIdentity identity, RunHistory history, RunOrigin origin, RetryCounts retries) {

    public SummaryContext {
        notes = notes == null ? List.of() : List.copyOf(notes);
        if (history != null && history.firstStart() != null) {
            startTime = history.firstStart();
        }
    }

    /** A summary without identity or history (a merged report). */
    public SummaryContext(String runId, Mode mode, String targetsFile, long jobExecutionId, Instant startTime,
                          Instant endTime, String status, String resumeCommand, List<String> notes) {
        this(runId, mode, targetsFile, jobExecutionId, startTime, endTime, status, resumeCommand, notes, null, null, null, null);
    }
}
