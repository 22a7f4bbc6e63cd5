package dev.eksidp.cli;

import dev.eksidp.job.RunIntents;
import dev.eksidp.job.remediation.RemediationJobConfiguration;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DataAccessException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;

@Command(name = "resume",
        description = {"Continues the latest unfinished run (failed, stopped, or left running by a killed process), "
                + "or the one given, with its original parameters and report directory. Rows already done are not "
                + "redone; rows in flight when it stopped replay their idempotency token.", ""},
        exitCodeList = {"0:every row clean", "1:the run failed or was stopped again", "2:finished; some rows need attention",
                "64:nothing to resume (also: the latest run was stopped before it made any AWS call), or a bad execution id",
                "75:another process is still running this run, or the same targets",
                ExitCodes.HELP_RUN_CONFIG})
final class ResumeCommand extends Subcommand {

    /** How far back to look for an unfinished run. */
    private static final int RECENT_RUNS = 100;
    /** Resume does not know the run's concurrency before it opens the repository; connections are made lazily. */
    private static final int RESUME_POOL_HINT = 256;

    ResumeCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--job", paramLabel = "FILE",
            description = "The run's job file: its job-repository, profile and region are used; the run keeps its own "
                    + "targets and settings.")
    java.nio.file.Path jobFile;

    @Option(names = "--execution-id", paramLabel = "N", description = "The execution to resume (see 'executions').")
    Long executionId;

    @Option(names = "--max-failures", paramLabel = "N|P%",
            description = "A new error budget for the rest of the run (after --max-failures stopped it).")
    String maxFailures;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        return common.metrics.around("resume", env.out(), this::resume);
    }

    private int resume() throws Exception {
        SafetyRailOptions.checkBudget(maxFailures);
        Map<String, Object> overrides = maxFailures == null ? Map.of() : Map.of("eksidp.max-failures", maxFailures);
        try (BatchContext batch = BatchContext.open(common.repository, env, RESUME_POOL_HINT, RemediationJobConfiguration.class, overrides)) {
            JobExecution unfinished = executionId != null ? byId(batch.repository()) : latestUnfinished(batch);
            // Shared repository: a run still alive in another process holds its lock and must not be recovered.
            try (RunLocks locks = RunGuard.forResume(batch, common.repository, unfinished)) {
                common.aws.preFlight(env);
                return new RunLauncher(env, env.resumeHint(common.repository, common.aws), common.metrics.recorder(env.out()))
                        .resume(batch, unfinished);
            }
        }
    }

    private JobExecution byId(JobRepository repository) {
        JobExecution execution;
        try {
            execution = repository.getJobExecution(executionId);
        } catch (DataAccessException noSuchExecution) {
            execution = null;
        }
        if (execution == null || !RemediationJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
            throw new UsageException("no execution " + executionId + " in " + common.repository.url());
        }
        JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != execution.getId()) {
            throw new UsageException("execution " + executionId + " was already resumed as execution " + last.getId()
                    + "; resume that one");
        }
        if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
            throw new UsageException("execution " + executionId + " is " + execution.getStatus() + "; nothing to resume");
        }
        return execution;
    }

    private JobExecution latestUnfinished(BatchContext batch) {
        JobRepository repository = batch.repository();
        Optional<RunIntents.Intent> neverStarted = batch.bean(RunIntents.class).latestNeverStarted();
        if (neverStarted.isPresent()) {
            RunIntents.Intent intent = neverStarted.get();
            throw new UsageException("run " + intent.runId() + " (" + intent.mode().toLowerCase() + ", "
                    + intent.createdAt() + ") was stopped before it made any AWS call; nothing was changed. "
                    + "Start it again with: " + intent.commandLine());
        }
        for (JobInstance instance : repository.getJobInstances(RemediationJobConfiguration.JOB_NAME, 0, RECENT_RUNS)) {
            JobExecution last = repository.getLastJobExecution(instance);
            if (last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED) {
                return last;
            }
        }
        throw new UsageException("no unfinished run to resume in " + common.repository.url());
    }
}
