/**
 * The Spring Batch side: the job repository ({@code BatchInfrastructureConfiguration}), one {@code @Configuration}
 * per job (remediation, discovery), the job parameters' one codec ({@link dev.eksidp.job.RunParameters}), each
 * execution's {@link dev.eksidp.job.RunContext}, and the remediation job's steps: loading the staging table, the
 * partitions by bucket, the --wait polling and the report writing.
 */
package dev.eksidp.job;
