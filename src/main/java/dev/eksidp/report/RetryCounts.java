package dev.eksidp.report;

/**
 * How often a run had to try again: {@code retries} are attempts beyond each tried row's first (from the staging
 * table, so across every execution); the throttles are the rate limiters' counts of calls the service throttled,
 * of the execution that wrote the summary only (limiters live as long as an execution), null when not known.
 */
public record RetryCounts(long retries, Long eksThrottles, Long stsThrottles) {
}
