package dev.eksidp.job.discovery;

import dev.eksidp.discovery.AccountList;
import dev.eksidp.discovery.AccountRegionLister;
import dev.eksidp.discovery.DiscoveryReport;
import dev.eksidp.discovery.DiscoveryRun;
import dev.eksidp.discovery.DiscoverySettings;
import dev.eksidp.discovery.DiscoveryStore;
import dev.eksidp.discovery.ScanResult;
import dev.eksidp.discovery.ScanUnit;
import dev.eksidp.job.ProgressOutput;
import dev.eksidp.job.RunParameters;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The discovery job: stage every (account, region) to scan, scan them (read calls only, items of a chunk
 * concurrently on virtual threads, each paced by its own bucket's limiter), then write the targets file and the
 * discovery report. A unit's findings commit with its chunk, so a restart scans only the units still to do.
 */
@Configuration
public class DiscoveryJobConfiguration {

    public static final String JOB_NAME = "eksIdpDiscovery";

    /** Units scanned at once; each is a different (account, region) bucket, so they do not slow each other. */
    static final int CHUNK_SIZE = 16;

    @Bean
    public Job discoveryJob(JobRepository jobRepository, Step stageScanUnits, Step scanUnits, Step writeDiscoveryReport) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(stageScanUnits)
                .next(scanUnits)
                .next(writeDiscoveryReport)
                .build();
    }

    @Bean
    public DiscoveryStore discoveryStore(JdbcTemplate jdbcTemplate) {
        DiscoveryStore store = new DiscoveryStore(jdbcTemplate);
        store.ensureSchema();
        return store;
    }

    /** The execution's settings and AWS clients, built once when the job first needs them and closed when it ends. */
    @Bean
    @Scope("job")
    public DiscoveryRun discoveryRun(@Value("#{jobExecution}") JobExecution execution, Clock clock) {
        return new DiscoveryRun(RunParameters.discovery(execution.getJobParameters()), clock);
    }

    /**
     * Clears the run's units and stages accounts x regions (with --all-regions, each account's own enabled regions,
     * listed concurrently); a restart of a half-done load simply loads again.
     */
    @Bean
    @JobScope
    public Step stageScanUnits(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                               DiscoveryStore store, DiscoveryRun run) {
        return new StepBuilder("stageScanUnits", jobRepository).tasklet((contribution, chunkContext) -> {
            DiscoverySettings s = run.settings();
            store.deleteRun(s.runId());
            List<String> accounts = AccountList.read(Path.of(s.accountsFile()));
            List<ScanUnit> units = new ArrayList<>();
            List<ScanResult> unlisted = new ArrayList<>();
            if (s.allRegions()) {
                for (AccountRegionLister.Listed listed : listRegions(run.regions(), accounts)) {
                    units.addAll(listed.units());
                    if (listed.failure() != null) {
                        units.add(listed.failure().unit());
                        unlisted.add(listed.failure());
                    }
                }
            } else {
                for (String account : accounts) {
                    for (String region : s.regions()) {
                        units.add(new ScanUnit(account, region));
                    }
                }
            }
            store.insertUnits(s.runId(), units);
            store.saveResults(s.runId(), unlisted);
            contribution.incrementWriteCount(units.size());
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }

    /** One ListRegions per account, at most CHUNK_SIZE at once (the account limiter paces them). */
    private static List<AccountRegionLister.Listed> listRegions(AccountRegionLister lister, List<String> accounts)
            throws Exception {
        Semaphore slots = new Semaphore(CHUNK_SIZE);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AccountRegionLister.Listed>> futures = new ArrayList<>();
            for (String account : accounts) {
                futures.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return lister.list(account);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<AccountRegionLister.Listed> out = new ArrayList<>();
            for (Future<AccountRegionLister.Listed> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    /**
     * Job-scoped, so its processor and writer are built with the execution's run rather than looked up per unit; the
     * writer stores a chunk's findings (statuses and matches) in the chunk's transaction.
     */
    @Bean
    @JobScope
    public Step scanUnits(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          JdbcPagingItemReader<ScanUnit> pendingUnitsReader, DiscoveryStore store, DiscoveryRun run,
                          @Value("${eksidp.progress.terminal:false}") boolean terminal,
                          ObjectProvider<ProgressOutput> out) {
        SimpleAsyncTaskExecutor items = new SimpleAsyncTaskExecutor("scan-");
        items.setVirtualThreads(true);
        return new StepBuilder("scanUnits", jobRepository)
                .<ScanUnit, ScanResult>chunk(CHUNK_SIZE)
                .transactionManager(transactionManager)
                .reader(pendingUnitsReader)
                .processor(run.scanner()::scan)
                .writer(chunk -> store.saveResults(run.settings().runId(), chunk.getItems()))
                .taskExecutor(items)
                .listener(new DiscoveryProgress(store, run.settings().runId(), terminal, ProgressOutput.of(out)))
                .build();
    }

    /** The units without a status: on restart, exactly the ones still to scan. */
    @Bean
    @StepScope
    public JdbcPagingItemReader<ScanUnit> pendingUnitsReader(DataSource dataSource, DiscoveryRun run) throws Exception {
        Map<String, Order> sortKeys = new LinkedHashMap<>();
        sortKeys.put("ACCOUNT_ID", Order.ASCENDING);
        sortKeys.put("REGION", Order.ASCENDING);
        return new JdbcPagingItemReaderBuilder<ScanUnit>()
                .name("pendingUnits")
                .dataSource(dataSource)
                .selectClause("SELECT ACCOUNT_ID, REGION")
                .fromClause("FROM EIR_DISCOVERY_UNIT")
                .whereClause("RUN_ID = :runId AND STATUS IS NULL")
                .parameterValues(Map.of("runId", run.settings().runId()))
                .sortKeys(sortKeys)
                .rowMapper(DiscoveryStore.UNIT_MAPPER)
                .pageSize(CHUNK_SIZE)
                .saveState(false)
                .build();
    }

    @Bean
    @JobScope
    public Step writeDiscoveryReport(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                     DiscoveryStore store, DiscoveryRun run, Clock clock) {
        return new StepBuilder("writeDiscoveryReport", jobRepository).tasklet((contribution, chunkContext) -> {
            var execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
            DiscoverySettings s = run.settings();
            var start = execution.getStartTime() == null ? clock.instant()
                    : execution.getStartTime().atZone(ZoneId.systemDefault()).toInstant();
            DiscoveryReport.write(store, s, execution.getId(), start, clock.instant());
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }
}
