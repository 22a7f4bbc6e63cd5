package dev.eksidp.cli;

import dev.eksidp.job.RemediationJobConfiguration;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM (Kubernetes, systemd, Ctrl-C) stops the run at the next chunk boundary instead of killing it
 * mid-chunk: outcomes already written stay, the run ends STOPPED, and the process exits 1 so the scheduler
 * knows to resume. Spring Batch's own shutdown hook asks the job to stop but does not wait for it.
 */
final class GracefulStop implements AutoCloseable {

    /** Kubernetes allows 30 s between SIGTERM and SIGKILL by default; a kill after that is still resumable. */
    private static final long WAIT_SECONDS = 25;

    private final JobOperator operator;
    private final JobRepository repository;
    private final String runId;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile int exitCode = ExitCodes.RESUMABLE;

    GracefulStop(JobOperator operator, JobRepository repository, String runId, PrintStream out) {
        this.operator = operator;
        this.repository = repository;
        this.runId = runId;
        this.out = out;
        this.hook = new Thread(this::stopAndWait, "graceful-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run ended on its own (or after the stop) with this exit code. */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it owns the exit now.
        }
    }

    private void stopAndWait() {
        if (finished.getCount() == 0) {
            return;
        }
        for (JobExecution execution : repository.findRunningJobExecutions(RemediationJobConfiguration.JOB_NAME)) {
            if (runId.equals(execution.getJobParameters().getString("run.id"))) {
                out.println("Stopping run " + runId + " at the next chunk boundary (signal received) ...");
                try {
                    operator.stop(execution);
                } catch (Exception e) {
                    out.println("Could not stop cleanly: " + e.getMessage());
                }
            }
        }
        try {
            if (finished.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                out.flush();
                // The JVM would otherwise exit 143 for SIGTERM; the contract says a stopped run exits 1.
                Runtime.getRuntime().halt(exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
