package dev.eksidp.report;

import dev.eksidp.remediation.Mode;

import java.time.Instant;
import java.util.List;

/**
 * What summary.md says about the run besides the counts. {@code resumeCommand} is null when there is nothing to
 * resume; {@code notes} are free lines from the job (rate settings, warnings).
 */
public record SummaryContext(String runId, Mode mode, String targetsFile, long jobExecutionId, Instant startTime,
                             Instant endTime, String status, String resumeCommand, List<String> notes) {

    public SummaryContext {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
