package dev.eksidp.report;

import dev.eksidp.remediation.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The job executions of one run, first start to this one: a run stopped and resumed is still one run, and its
 * summary says when it started, each interruption, and which execution recorded which outcomes.
 */
public record RunHistory(List<Execution> executions) {

    /**
     * @param outcomes   the outcomes this execution recorded (each row counted once, by the execution that settled it)
     * @param status     its batch status (COMPLETED, STOPPED, FAILED, ABANDONED; the current one as it ends)
     * @param stopReason why a STOPPED execution stopped (a signal, the error budget), or null when not known
     */
    public record Execution(long id, Instant start, Instant end, String status, String stopReason,
                            Map<Outcome, Long> outcomes) {
    }

    public RunHistory {
        executions = List.copyOf(executions);
    }

    public Instant firstStart() {
        return executions.isEmpty() ? null : executions.getFirst().start();
    }

    /** The executions that ended without finishing the run (all but the last, which is this one). */
    public List<Execution> interruptions() {
        return executions.isEmpty() ? List.of() : executions.subList(0, executions.size() - 1);
    }
}
