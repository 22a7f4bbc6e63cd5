package dev.eksidp.remediation;

import java.time.Instant;

/**
 * The outcome of one target, with the EKS update it produced (if any) and the last error (if any). A null outcome
 * means deferred: the cluster was busy, and a later pass tries again.
 */
public record TargetResult(long line, Outcome outcome, String updateId, String updateStatus, String errorCode,
                           String errorMessage, int attempts, Instant updateCreatedAt, String updateParamsJson,
                           String updateErrorsJson) {

    public static TargetResult of(long line, Outcome outcome, int attempts) {
        return new TargetResult(line, outcome, null, null, null, null, attempts, null, null, null);
    }

    public static TargetResult error(long line, Outcome outcome, String code, String message, int attempts) {
        return new TargetResult(line, outcome, null, null, code, message, attempts, null, null, null);
    }

    public static TargetResult deferred(long line, String code, String message) {
        return new TargetResult(line, null, null, null, code, message, 0, null, null, null);
    }

    public boolean isDeferred() {
        return outcome == null;
    }

    public TargetResult withAttempts(int attempts) {
        return new TargetResult(line, outcome, updateId, updateStatus, errorCode, errorMessage, attempts,
                updateCreatedAt, updateParamsJson, updateErrorsJson);
    }
}
