/**
 * The remediation job's Spring Batch wiring ({@code RemediationJobConfiguration}): loading the staging table
 * ({@code TargetStore}), the partitions by bucket, largest first, each row's processor and writer, the --wait
 * polling, the plan seal and the report writing, and each execution's {@link dev.eksidp.job.remediation.RunContext}.
 * Plan, apply and restore are this one job in its three modes; what a row does is in {@link dev.eksidp.remediation}
 * and {@link dev.eksidp.restore}.
 */
package dev.eksidp.job.remediation;
