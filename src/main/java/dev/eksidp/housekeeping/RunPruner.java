package dev.eksidp.housekeeping;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.discovery.DiscoveryJobConfiguration;
import dev.eksidp.job.remediation.RemediationJobConfiguration;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lists the runs of a job repository and deletes one run completely: its job instance and executions through
 * Spring Batch's own {@link JobRepository} delete operations (step executions, contexts and parameters with them),
 * and the tool's staged rows of that run, in one transaction, so a failure halfway leaves the run whole.
 */
public final class RunPruner {

    /** The jobs whose runs are listed, and the staging tables that hold each one's rows (by RUN_ID). */
    private static final Map<String, List<String>> STAGING_TABLES = Map.of(
            RemediationJobConfiguration.JOB_NAME, List.of("EIR_TARGET"),
            DiscoveryJobConfiguration.JOB_NAME, List.of("EIR_DISCOVERY_MATCH", "EIR_DISCOVERY_UNIT"));
    private static final String RUN_RECORD_TABLE = "EIR_RUN";
    private static final int PAGE = 500;

    private final JobRepository repository;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public RunPruner(JobRepository repository, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Every run of the tool's jobs, newest first. */
    public List<StoredRun> runs() {
        List<StoredRun> runs = new ArrayList<>();
        for (String job : STAGING_TABLES.keySet()) {
            for (int start = 0; ; start += PAGE) {
                List<JobInstance> page = repository.getJobInstances(job, start, PAGE);
                page.forEach(instance -> runs.add(describe(instance)));
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        runs.sort(Comparator.comparing(StoredRun::lastActivity).reversed());
        return runs;
    }

    /** Deletes the run and its staged rows; returns how many staged rows went. */
    public long delete(StoredRun run) {
        Long rows = transaction.execute(status -> {
            long deleted = 0;
            for (String table : STAGING_TABLES.getOrDefault(run.instance().getJobName(), List.of())) {
                if (tableExists(table)) {
                    deleted += jdbc.update("DELETE FROM " + table + " WHERE RUN_ID = ?", run.runId());
                }
            }
            if (run.runId() != null && tableExists(RUN_RECORD_TABLE)) {
                // The run's intent (RunIntents): a record of the start, not a staged row.
                jdbc.update("DELETE FROM " + RUN_RECORD_TABLE + " WHERE RUN_ID = ?", run.runId());
            }
            repository.deleteJobInstance(run.instance());
            return deleted;
        });
        return rows == null ? 0 : rows;
    }

    private StoredRun describe(JobInstance instance) {
        List<JobExecution> executions = new ArrayList<>(repository.getJobExecutions(instance));
        executions.sort(Comparator.comparing(JobExecution::getId));
        JobExecution last = executions.isEmpty() ? null : executions.getLast();
        String runId = last == null ? null : RunParameters.runId(last.getJobParameters());
        String mode = last == null ? null : RunParameters.mode(last.getJobParameters());
        boolean discovery = instance.getJobName().equals(DiscoveryJobConfiguration.JOB_NAME);
        return new StoredRun(instance, runId, discovery || mode == null ? "discover" : mode.toLowerCase(Locale.ROOT),
                last == null ? BatchStatus.UNKNOWN : last.getStatus(),
                last == null ? Instant.EPOCH : lastActivity(last), executions.stream().map(JobExecution::getId).toList());
    }

    private static Instant lastActivity(JobExecution e) {
        LocalDateTime t = e.getEndTime() != null ? e.getEndTime() : e.getLastUpdated() != null ? e.getLastUpdated()
                : e.getStartTime() != null ? e.getStartTime() : e.getCreateTime();
        // Spring Batch keeps local times of the JVM's zone, as RunLauncher reads them.
        return t == null ? Instant.EPOCH : t.atZone(ZoneId.systemDefault()).toInstant();
    }

    private boolean tableExists(String table) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = ?",
                Long.class, table);
        return n != null && n > 0;
    }
}
