/**
 * What both Spring Batch jobs share: the job repository ({@code BatchInfrastructureConfiguration}, its schema and
 * the H2 file), the job parameters' one codec ({@link dev.eksidp.job.RunParameters}) and the settings it carries,
 * the safety rails, shard selection, the run intents and each execution's stop signal. Each job's own wiring is in
 * its sub-package: {@link dev.eksidp.job.remediation} (plan, apply and restore) and {@link dev.eksidp.job.discovery}.
 */
package dev.eksidp.job;
