package dev.eksidp.job;

import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetResult;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The remediation job: load the targets file into the staging table, remediate it partitioned by
 * (account, region), retry the rows whose cluster was busy, wait for the accepted updates (apply --wait), write
 * the reports.
 */
@Configuration
public class RemediationJobConfiguration {

    public static final String JOB_NAME = "eksIdpRemediation";

    /** Items of a chunk are processed concurrently; 10 keeps a bucket busy at its usual EKS burst. */
    static final int CHUNK_SIZE = 10;

    @Bean
    public Job remediationJob(JobRepository jobRepository, Step loadTargets, Step remediate, Step retryBusy,
                              Step awaitUpdates, Step writeReports, RunResourcesRegistry runResources) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(loadTargets)
                .next(remediate)
                .next(retryBusy)
                .next(awaitUpdates)
                .next(writeReports)
                .listener(runResources)
                .build();
    }

    @Bean
    public Step loadTargets(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            LoadTargetsTasklet loadTargetsTasklet, RunResourcesRegistry runResources, Progress progress) {
        return new StepBuilder("loadTargets", jobRepository)
                .tasklet(new StoppableTasklet(loadTargetsTasklet, runResources), transactionManager)
                .listener(progress).build();
    }

    @Bean
    @StepScope
    public LoadTargetsTasklet loadTargetsTasklet(TargetStore store, @Value("#{stepExecution}") StepExecution stepExecution) {
        RunSettings settings = RunSettings.from(stepExecution.getJobParameters());
        JobParameters p = stepExecution.getJobParameters();
        return new LoadTargetsTasklet(store, settings.runId(), Path.of(settings.targetsFile()), SafetyRails.from(p),
                Shard.of(p.getLong("shard.index"), p.getLong("shard.count")), settings.allowUnknownRegions());
    }

    @Bean
    public Step remediate(JobRepository jobRepository, BucketPartitioner bucketPartitioner,
                          LargestFirstPartitionHandler bucketPartitionHandler, Progress progress) {
        return new StepBuilder("remediate", jobRepository)
                .partitioner("remediateBucket", bucketPartitioner)
                .partitionHandler(bucketPartitionHandler)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public BucketPartitioner bucketPartitioner(TargetStore store, @Value("#{jobParameters['run.id']}") String runId) {
        return new BucketPartitioner(store, runId, false);
    }

    @Bean
    @StepScope
    public LargestFirstPartitionHandler bucketPartitionHandler(Step remediateBucket,
                                                               @Value("#{jobParameters['max.concurrency']}") Long maxConcurrency,
                                                               @Value("${eksidp.db.pool-size:48}") int poolSize) {
        return partitionHandler("Remediating", remediateBucket, maxConcurrency, poolSize);
    }

    /** Second pass: rows deferred because their cluster was busy, retried with backoff; only they wait for each other. */
    @Bean
    public Step retryBusy(JobRepository jobRepository, BucketPartitioner deferredPartitioner,
                          LargestFirstPartitionHandler retryBusyPartitionHandler, Progress progress) {
        return new StepBuilder("retryBusy", jobRepository)
                .partitioner("retryBusyBucket", deferredPartitioner)
                .partitionHandler(retryBusyPartitionHandler)
                .listener(progress)
                .build();
    }

    @Bean
    @StepScope
    public BucketPartitioner deferredPartitioner(TargetStore store, @Value("#{jobParameters['run.id']}") String runId) {
        return new BucketPartitioner(store, runId, true);
    }

    @Bean
    @StepScope
    public LargestFirstPartitionHandler retryBusyPartitionHandler(Step retryBusyBucket,
                                                                  @Value("#{jobParameters['max.concurrency']}") Long maxConcurrency,
                                                                  @Value("${eksidp.db.pool-size:48}") int poolSize) {
        return partitionHandler("Retrying the rows whose cluster was busy, with backoff from --busy-backoff",
                retryBusyBucket, maxConcurrency, poolSize);
    }

    private static LargestFirstPartitionHandler partitionHandler(String work, Step worker, long maxConcurrency, int poolSize) {
        // Virtual threads: a bucket waiting on its rate limit or a backoff holds no platform thread.
        SimpleAsyncTaskExecutor buckets = new SimpleAsyncTaskExecutor("bucket-");
        buckets.setVirtualThreads(true);
        // Each running bucket holds a pooled connection for its chunk transaction; more would only queue on the pool.
        buckets.setConcurrencyLimit((int) Math.min(maxConcurrency, Math.max(1, poolSize - 8)));
        LargestFirstPartitionHandler handler = new LargestFirstPartitionHandler(work);
        handler.setStep(worker);
        handler.setTaskExecutor(buckets);
        return handler;
    }

    @Bean
    public Step remediateBucket(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                JdbcPagingItemReader<Target> pendingTargetsReader, RemediationProcessor remediationProcessor,
                                TargetResultWriter targetResultWriter, RunResourcesRegistry runResources) {
        return partitionStep("remediateBucket", jobRepository, transactionManager, pendingTargetsReader,
                remediationProcessor, targetResultWriter, runResources);
    }

    @Bean
    public Step retryBusyBucket(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                JdbcPagingItemReader<Target> deferredTargetsReader, RemediationProcessor busyRetryProcessor,
                                TargetResultWriter targetResultWriter, RunResourcesRegistry runResources) {
        return partitionStep("retryBusyBucket", jobRepository, transactionManager, deferredTargetsReader,
                busyRetryProcessor, targetResultWriter, runResources);
    }

    private static Step partitionStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                      JdbcPagingItemReader<Target> reader, RemediationProcessor processor,
                                      TargetResultWriter writer, RunResourcesRegistry runResources) {
        SimpleAsyncTaskExecutor items = new SimpleAsyncTaskExecutor("item-");
        items.setVirtualThreads(true);
        return new StepBuilder(name, jobRepository)
                .<Target, TargetResult>chunk(CHUNK_SIZE)
                .transactionManager(transactionManager)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .taskExecutor(items)
                .interruptionPolicy(new StopSignalInterruptionPolicy(runResources))
                .build();
    }

    /**
     * The partition's rows that have no outcome and no try yet: on restart, exactly the ones still to do. The
     * partition comes from its step name, which is saved with the step execution itself: a kill between creating a
     * partition and saving its context would otherwise leave a partition that can never run.
     */
    @Bean
    @StepScope
    public JdbcPagingItemReader<Target> pendingTargetsReader(DataSource dataSource,
                                                             @Value("#{jobParameters['run.id']}") String runId,
                                                             @Value("#{stepExecution.stepName}") String stepName)
            throws Exception {
        return partitionReader(dataSource, runId, stepName, "ATTEMPTS = 0");
    }

    /** The partition's rows deferred by the first pass (tried, no outcome yet). */
    @Bean
    @StepScope
    public JdbcPagingItemReader<Target> deferredTargetsReader(DataSource dataSource,
                                                              @Value("#{jobParameters['run.id']}") String runId,
                                                              @Value("#{stepExecution.stepName}") String stepName)
            throws Exception {
        return partitionReader(dataSource, runId, stepName, "ATTEMPTS > 0");
    }

    private static JdbcPagingItemReader<Target> partitionReader(DataSource dataSource, String runId, String stepName,
                                                                String condition) throws Exception {
        return new JdbcPagingItemReaderBuilder<Target>()
                .name("partitionTargets")
                .dataSource(dataSource)
                .selectClause("SELECT " + TargetStore.TARGET_COLUMNS)
                .fromClause("FROM EIR_TARGET")
                .whereClause("RUN_ID = :runId AND PARTITION_KEY = :partition AND ACTIONABLE AND OUTCOME IS NULL AND " + condition)
                .parameterValues(Map.of("runId", runId, "partition", BucketPartitioner.partitionKeyOf(stepName)))
                .sortKeys(Map.of("LINE", Order.ASCENDING))
                .rowMapper(TargetStore.TARGET_MAPPER)
                .pageSize(CHUNK_SIZE)
                .saveState(false)
                .build();
    }

    @Bean
    public RemediationProcessor remediationProcessor(RunResourcesRegistry runResources) {
        return new RemediationProcessor(runResources, false);
    }

    @Bean
    public RemediationProcessor busyRetryProcessor(RunResourcesRegistry runResources) {
        return new RemediationProcessor(runResources, true);
    }

    @Bean
    public TargetResultWriter targetResultWriter(TargetStore store, Progress progress, RunResourcesRegistry runResources) {
        return new TargetResultWriter(store, progress, runResources);
    }

    @Bean
    public Step awaitUpdates(JobRepository jobRepository, TargetStore store, RunResourcesRegistry runResources, Clock clock,
                             Progress progress) {
        // No chunk transaction: a poll round saves each finished update at once, and the pause between rounds must
        // not hold a connection (nor a transaction) for minutes.
        return new StepBuilder("awaitUpdates", jobRepository)
                .tasklet(new StoppableTasklet(new AwaitUpdatesTasklet(store, runResources, clock), runResources),
                        new ResourcelessTransactionManager()).listener(progress).build();
    }

    @Bean
    public Step writeReports(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                             TargetStore store, RunResourcesRegistry runResources, Clock clock) {
        return new StepBuilder("writeReports", jobRepository)
                .tasklet(new StoppableTasklet(new SealPlanTasklet(new WriteReportsTasklet(store, runResources, clock, jobRepository), clock), runResources),
                        transactionManager).build();
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
    public RunResourcesRegistry runResources(Clock clock, TargetStore store,
                                             @Value("${eksidp.max-failures:#{null}}") String maxFailuresOverride) {
        return new RunResourcesRegistry(clock, store, maxFailuresOverride);
    }

    @Bean
    public Progress progress(TargetStore store, RunResourcesRegistry runResources,
                             @Value("${eksidp.progress.terminal:false}") boolean terminal) {
        return new Progress(store, runResources, terminal, System.err);
    }
}
