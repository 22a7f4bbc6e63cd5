package dev.eksidp.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.ExitStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of the remediate step: a live line (done/total, rate, ETA) when a person is watching a terminal, and a
 * log line every few seconds otherwise (cron, Kubernetes), so a long run is never silent.
 */
public class Progress implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final TargetStore store;
    private final boolean terminal;
    private final PrintStream out;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile long startNanos;
    private volatile Thread ticker;

    public Progress(TargetStore store, boolean terminal, PrintStream out) {
        this.store = store;
        this.terminal = terminal;
        this.out = out;
    }

    public void advance(int rows) {
        done.addAndGet(rows);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        done.set(0);
        total = store.countPending(RunParameters.runId(stepExecution.getJobParameters()));
        startNanos = System.nanoTime();
        Duration every = terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        ticker = Thread.ofVirtual().name("progress").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every);
                    report(false);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        report(true);
        return null;
    }

    private void report(boolean last) {
        long n = done.get();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = n / seconds;
        String eta = rate > 0 && total > n ? formatDuration((long) ((total - n) / rate)) : "-";
        String line = String.format("%d/%d targets, %.1f/s, elapsed %s, ETA %s", n, total, rate,
                formatDuration((long) seconds), eta);
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
            out.flush();
        } else {
            log.info("Progress: {}", line);
        }
    }

    private static String formatDuration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
