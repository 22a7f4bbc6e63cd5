package dev.eksidp.cli;

import dev.eksidp.job.BatchInfrastructureConfiguration;
import dev.eksidp.job.ProgressOutput;
import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.job.remediation.TargetStore;
import dev.eksidp.output.OwnerOnlyFiles;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The Spring Batch application context of one command: the job, its operator and its repository. */
final class BatchContext implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    private BatchContext(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    static BatchContext open(RepositoryOptions repository, CliEnvironment env, int maxConcurrency) {
        return open(repository, env, maxConcurrency, RemediationJobConfiguration.class, Map.of());
    }

    /** A context holding one job: the given job's {@code @Configuration} (e.g. DiscoveryJobConfiguration). */
    static BatchContext open(RepositoryOptions repository, CliEnvironment env, int maxConcurrency, Class<?> jobConfiguration) {
        return open(repository, env, maxConcurrency, jobConfiguration, Map.of());
    }

    /**
     * @param env       where the jobs' progress lines go (its error stream), and whether that is a terminal
     * @param overrides extra properties, e.g. a new error budget given to resume
     */
    static BatchContext open(RepositoryOptions repository, CliEnvironment env, int maxConcurrency, Class<?> jobConfiguration,
                             Map<String, Object> overrides) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        Map<String, Object> properties = new HashMap<>(overrides);
        properties.put("eksidp.job-repository", repository.url());
        properties.put("eksidp.progress.terminal", env.terminal());
        // A running bucket holds a connection for its chunk; leave room for the job's own bookkeeping.
        properties.put("eksidp.db.pool-size", maxConcurrency + 8);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("command-line", properties));
        context.registerBean(ProgressOutput.class, () -> new ProgressOutput(env.err()));
        context.register(BatchInfrastructureConfiguration.class, jobConfiguration);
        try {
            context.refresh();
        } catch (RuntimeException e) {
            context.close();
            throw translate(e, repository);
        }
        return new BatchContext(context);
    }

    JobOperator operator() {
        return context.getBean(JobOperator.class);
    }

    JobRepository repository() {
        return context.getBean(JobRepository.class);
    }

    Job job() {
        return context.getBean(Job.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }


    TargetStore store() {
        return context.getBean(TargetStore.class);
    }

    @Override
    public void close() {
        context.close();
    }

    private static RuntimeException translate(RuntimeException e, RepositoryOptions repository) {
        return heldByAnotherProcess(e) ? new BusyException("another process is using the job repository "
                + repository.url() + " without serving it (H2 AUTO_SERVER off, or a URL with DB_CLOSE_ON_EXIT); wait "
                + "for it to finish") : e;
    }

    /** H2's refusal of a file that another process has open, anywhere in {@code e}'s causes. */
    static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("already in use") || message.contains("locked by another process")) {
                return true;
            }
        }
        return false;
    }

    static void createOwnerOnly(Path dir) {
        try {
            OwnerOnlyFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("cannot create " + dir + ": " + e.getMessage());
        }
    }
}
