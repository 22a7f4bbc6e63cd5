package dev.eksidp.job.remediation;

import dev.eksidp.job.ProgressOutput;
import dev.eksidp.job.RunIntents;
import dev.eksidp.job.RunParameters;
import dev.eksidp.job.StopSignals;
import dev.eksidp.restore.RemovedConfigStore;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The remediation job: load the targets file into the staging table, remediate it partitioned by
 * (account, region), retry the rows whose cluster was busy, wait for the accepted updates (apply --wait), write
 * the reports.
 */
@Configuration
public class RemediationJobConfiguration {

    public static final String JOB_NAME = "eksIdpRemediation";

    /** Items of a chunk are processed concurrently; 10 keeps a bucket busy at its usual EKS burst. */
    public static final int CHUNK_SIZE = 10;

    private static final String JOB_SCOPE = "job";
    private static final String REMEDIATE = "remediate";

    @Bean
    public Job remediationJob(JobRepository jobRepository, Step loadTargets, Step remediate, Step retryBusy,
                              Step awaitUpdates, Step writeReports, StopSignals stopSignals) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new StopReasonRecorder(stopSignals))
                .start(loadTargets)
                .next(remediate)
                .next(retryBusy)
                .next(awaitUpdates)
                .next(writeReports)
                .build();
    }

    /**
     * The execution's run context, built once when the job first needs it and closed when the job ends. Not proxied:
     * only the step-scoped beans below take it, and they are created on the job's own thread.
     */
    @Bean
    @Scope(JOB_SCOPE)
    public RunContext runContext(@Value("#{jobExecution}") JobExecution execution, StopSignals stops, TargetStore store,
                                 RemovedConfigStore removedConfigs, Clock clock,
                                 @Value("${eksidp.max-failures:#{null}}") String maxFailuresOverride, Progress progress) {
        RunParameters parameters = RunParameters.from(execution.getJobParameters());
        String budget = maxFailuresOverride != null ? maxFailuresOverride : parameters.rails().maxFailures();
        RunContext run = new RunContext(parameters, execution.getId(),
                () -> ErrorBudget.of(store, parameters.settings().runId(), budget), stops.stopSignal(execution.getId()), clock,
                removedConfigs);
        progress.watch(run);
        return run;
    }

    @Bean
    public Step loadTargets(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            Tasklet loadTargetsTasklet, Progress progress) {
        return taskletStep("loadTargets", jobRepository, loadTargetsTasklet, transactionManager, progress);
    }

    private static Step taskletStep(String name, JobRepository jobRepository, Tasklet tasklet,
                                    PlatformTransactionManager transactionManager, StepExecutionListener... listeners) {
        var step = new StepBuilder(name, jobRepository).tasklet(tasklet, transactionManager);
        for (StepExecutionListener listener : listeners) {
            step.listener(listener);
        }
        return step.build();
    }

    @Bean
    @StepScope
    public Tasklet loadTargetsTasklet(TargetStore store, RunContext run) {
        return new StoppableTasklet(new LoadTargetsTasklet(store, run.parameters()), run.stop());
    }

    @Bean
    public Step remediate(JobRepository jobRepository, Partitioner bucketPartitioner,
                          LargestFirstPartitionHandler bucketPartitionHandler, Progress progress) {
        return new StepBuilder(REMEDIATE, jobRepository)
                .partitioner("remediateBucket", bucketPartitioner)
                .partitionHandler(bucketPartitionHandler)
                .listener(progress)
                .build();
    }

    /** Second pass: rows deferred because their cluster was busy, retried with backoff; only they wait for each other. */
    @Bean
    public Step retryBusy(JobRepository jobRepository, Partitioner bucketPartitioner,
                          LargestFirstPartitionHandler bucketPartitionHandler, Progress progress) {
        return new StepBuilder("retryBusy", jobRepository)
                .partitioner("retryBusyBucket", bucketPartitioner)
                .partitionHandler(bucketPartitionHandler)
                .listener(progress)
                .build();
    }

    /** The partitions of remediate (every bucket), or of retryBusy (the buckets with deferred rows). */
    @Bean
    @StepScope
    public Partitioner bucketPartitioner(TargetStore store, RunContext run, @Value("#{stepExecution.stepName}") String pass) {
        return new BucketPartitioner(store, run.runId(), !REMEDIATE.equals(pass));
    }

    @Bean
    @StepScope
    public LargestFirstPartitionHandler bucketPartitionHandler(PartitionSteps partitionSteps, RunContext run,
                                                               @Value("#{stepExecution.stepName}") String pass,
                                                               @Value("${eksidp.db.pool-size:48}") int poolSize) {
        boolean firstPass = REMEDIATE.equals(pass);
        return partitionHandler(firstPass ? "Remediating" : "Retrying the rows whose cluster was busy, with backoff from --busy-backoff",
                partitionSteps.worker(pass + "Bucket", run, !firstPass), run, poolSize);
    }

    private static LargestFirstPartitionHandler partitionHandler(String work, Step worker, RunContext run, int poolSize) {
        // Virtual threads: a bucket waiting on its rate limit or a backoff holds no platform thread.
        SimpleAsyncTaskExecutor buckets = new SimpleAsyncTaskExecutor("bucket-");
        buckets.setVirtualThreads(true);
        // Each running bucket holds a pooled connection for its chunk transaction; more would only queue on the pool.
        buckets.setConcurrencyLimit(Math.min(run.settings().maxConcurrency(), Math.max(1, poolSize - 8)));
        LargestFirstPartitionHandler handler = new LargestFirstPartitionHandler(work);
        handler.setStep(worker);
        handler.setTaskExecutor(buckets);
        return handler;
    }

    @Bean
    public PartitionSteps partitionSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                         DataSource dataSource, TargetStore store, Progress progress) {
        return new PartitionSteps(jobRepository, transactionManager, dataSource, store, progress);
    }

    @Bean
    public Step awaitUpdates(JobRepository jobRepository, Tasklet awaitUpdatesTasklet, Progress progress) {
        // No chunk transaction: a poll round saves each finished update at once, and the pause between rounds must
        // not hold a connection (nor a transaction) for minutes.
        return taskletStep("awaitUpdates", jobRepository, awaitUpdatesTasklet, new ResourcelessTransactionManager(), progress);
    }

    @Bean
    @StepScope
    public Tasklet awaitUpdatesTasklet(TargetStore store, RunContext run, Clock clock) {
        return new StoppableTasklet(new AwaitUpdatesTasklet(store, run, clock), run.stop());
    }

    @Bean
    public Step writeReports(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             Tasklet writeReportsTasklet) {
        return taskletStep("writeReports", jobRepository, writeReportsTasklet, transactionManager);
    }

    @Bean
    @StepScope
    public Tasklet writeReportsTasklet(TargetStore store, RunContext run, Clock clock, JobRepository jobRepository,
                                       RunIntents intents) {
        return new StoppableTasklet(new SealPlanTasklet(new WriteReportsTasklet(store, run, clock, jobRepository, intents),
                run.settings(), clock), run.stop());
    }

    @Bean
    public TargetStore targetStore(JdbcTemplate jdbcTemplate) {
        return new TargetStore(jdbcTemplate);
    }

    @Bean
    public RunIntents runIntents(JdbcTemplate jdbcTemplate) {
        return new RunIntents(jdbcTemplate);
    }

    @Bean
    public StopSignals stopSignals() {
        return new StopSignals();
    }

    @Bean
    public RemovedConfigStore removedConfigStore(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
        return new RemovedConfigStore(jdbcTemplate, transactionManager);
    }

    @Bean
    public Progress progress(TargetStore store, @Value("${eksidp.progress.terminal:false}") boolean terminal, Clock clock,
                             ObjectProvider<ProgressOutput> out) {
        return new Progress(store, terminal, ProgressOutput.of(out), clock);
    }
}
