package dev.eksidp.remediation;

/**
 * What one pass over a run's rows gives the remediator that changes clusters (apply's, restore's): the run id, from
 * which each row's idempotency token derives; the EKS access layer; the attempt loop; and whether a busy cluster
 * defers its row (the first pass) or is backed off in place (the retryBusy pass).
 */
public record RemediationPass(String runId, EksGateways gateways, AttemptLoop loop, boolean deferBusy) {
}
