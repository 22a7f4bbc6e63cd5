package dev.eksidp.remediation;

import java.time.Instant;

/** The outcome of one target, with the EKS update it produced (if any) and the last error (if any). */
public record TargetResult(long line, Outcome outcome, String updateId, String updateStatus, String errorCode,
                           String errorMessage, int attempts, Instant updateCreatedAt, String updateParamsJson,
                           String updateErrorsJson) {

    public static TargetResult of(long line, Outcome outcome, int attempts) {
        return new TargetResult(line, outcome, null, null, null, null, attempts, null, null, null);
    }

    public static TargetResult error(long line, Outcome outcome, String code, String message, int attempts) {
        return new TargetResult(line, outcome, null, null, code, message, attempts, null, null, null);
    }

    public TargetResult withAttempts(int attempts) {
        return new TargetResult(line, outcome, updateId, updateStatus, errorCode, errorMessage, attempts,
                updateCreatedAt, updateParamsJson, updateErrorsJson);
    }
}
