package dev.eksidp.job.remediation;

import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetResult;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The chunk step of one partition of remediate (first pass) or retryBusy (rows deferred because their cluster was
 * busy): its rows, the run's remediator, and the writer that records outcomes and keeps the error budget.
 */
final class PartitionSteps {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final DataSource dataSource;
    private final TargetStore store;
    private final Progress progress;
    /** The items of a chunk run concurrently, on virtual threads: a call waiting on EKS holds no platform thread. */
    private final SimpleAsyncTaskExecutor items = new SimpleAsyncTaskExecutor("item-");

    PartitionSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, DataSource dataSource,
                   TargetStore store, Progress progress) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.dataSource = dataSource;
        this.store = store;
        this.progress = progress;
        items.setVirtualThreads(true);
    }

    /** @param deferred the retryBusy pass: the rows the first pass deferred, with the busy-cluster backoff */
    Step worker(String name, RunContext run, boolean deferred) {
        return new PartitionWorker(name, partition -> new StepBuilder(name, jobRepository)
                .<Target, TargetResult>chunk(RemediationJobConfiguration.CHUNK_SIZE)
                .transactionManager(transactionManager)
                .reader(reader(run.runId(), partition, deferred ? "ATTEMPTS > 0" : "ATTEMPTS = 0"))
                .processor(new RemediationProcessor(deferred ? run.busyRetrier() : run.remediator(), partition))
                .writer(new TargetResultWriter(store, progress, run))
                .taskExecutor(items)
                .interruptionPolicy(new StopSignalInterruptionPolicy(run.stop()))
                .build());
    }

    /**
     * The partition's rows that have no outcome yet and match {@code condition} (no try yet; or tried and deferred):
     * on restart, exactly the ones still to do. The partition comes from its step name, which is saved with the step
     * execution itself: a kill between creating a partition and saving its context would otherwise leave a
     * partition that can never run.
     */
    private JdbcPagingItemReader<Target> reader(String runId, StepExecution partition, String condition) {
        try {
            return new JdbcPagingItemReaderBuilder<Target>()
                    .name("partitionTargets")
                    .dataSource(dataSource)
                    .selectClause("SELECT " + TargetStore.TARGET_COLUMNS)
                    .fromClause("FROM EIR_TARGET")
                    .whereClause("RUN_ID = :runId AND PARTITION_KEY = :partition AND ACTIONABLE AND OUTCOME IS NULL AND " + condition)
                    .parameterValues(Map.of("runId", runId, "partition", BucketPartitioner.partitionKeyOf(partition.getStepName())))
                    .sortKeys(Map.of("LINE", Order.ASCENDING))
                    .rowMapper(TargetStore.TARGET_MAPPER)
                    .pageSize(RemediationJobConfiguration.CHUNK_SIZE)
                    .saveState(false)
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the reader of " + partition.getStepName(), e);
        }
    }
}
