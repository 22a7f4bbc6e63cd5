package dev.eksidp.report;

import dev.eksidp.remediation.Outcome;

import java.time.Instant;

/**
 * One line of a plan or results report. {@code updateParamsJson} and {@code updateErrorsJson} hold the EKS
 * update's {@code params} and {@code errors} as JSON arrays (null when there is no update); they go to the
 * .jsonl report only, as does {@code removedConfigJson}: apply's full description of the config it removed (see
 * {@code RemovedConfig}), null when it removed none.
 */
public record ReportRecord(long line, String accountId, String region, String clusterName, String providerType,
                           String providerName, Outcome outcome, String updateId, String updateStatus,
                           String errorCode, String errorMessage, int attempts, Instant updateCreatedAt,
                           String updateParamsJson, String updateErrorsJson, String removedConfigJson) {

    public ReportRecord(long line, String accountId, String region, String clusterName, String providerType,
                        String providerName, Outcome outcome, String updateId, String updateStatus, String errorCode,
                        String errorMessage, int attempts, Instant updateCreatedAt, String updateParamsJson,
                        String updateErrorsJson) {
        this(line, accountId, region, clusterName, providerType, providerName, outcome, updateId, updateStatus, errorCode,
                errorMessage, attempts, updateCreatedAt, updateParamsJson, updateErrorsJson, null);
    }
}
