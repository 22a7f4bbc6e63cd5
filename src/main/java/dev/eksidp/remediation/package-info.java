/**
 * What happens to one target: plan (read calls), disassociate (with a stable idempotency token, a fresh look at
 * errors that may mean "already done") and --wait, each attempt's result read into an {@link
 * dev.eksidp.remediation.Outcome}, retried by the access layer's policy. No Spring Batch here.
 */
package dev.eksidp.remediation;
