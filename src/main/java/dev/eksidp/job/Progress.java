package dev.eksidp.job;

import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.remediation.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Progress of every step of a run, so a long run is never silent: a line every {@value #TERMINAL_SECONDS} s when a
 * person watches a terminal (whole lines: no carriage-return line that log lines would cut into), and a log line
 * every {@value #LOG_SECONDS} s otherwise (cron, Kubernetes). Each line says the step, the counts by outcome so
 * far, the rates against their limits, and what the step is waiting for (busy clusters, InProgress updates).
 */
public class Progress implements StepExecutionListener {

    static final int TERMINAL_SECONDS = 10;
    static final int LOG_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final TargetStore store;
    private final boolean terminal;
    private final PrintStream out;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile long startNanos;
    private volatile Thread ticker;
    /** The run being watched, for its limiters' rates; a process runs one execution at a time. */
    private volatile RunContext run;

    public Progress(TargetStore store, boolean terminal, PrintStream out) {
        this.store = store;
        this.terminal = terminal;
        this.out = out;
    }

    /** The run whose rates the lines show, from when its context is made. */
    void watch(RunContext run) {
        this.run = run;
    }

    public void advance(int rows) {
        done.addAndGet(rows);
    }

    @Override
    public void beforeStep(StepExecution step) {
        String runId = RunParameters.runId(step.getJobParameters());
        done.set(0);
        total = store.countPending(runId);
        startNanos = System.nanoTime();
        Duration every = Duration.ofSeconds(terminal ? TERMINAL_SECONDS : LOG_SECONDS);
        ticker = Thread.ofVirtual().name("progress").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every);
                    report(step, runId);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException repositoryGone) {
                // The run is ending (its repository closed under the ticker); the step's own end says how.
            }
        });
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        // The remediate step always ends with its line; the others only when they took long enough to need one.
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        if (step.getStepName().equals("remediate") || seconds >= TERMINAL_SECONDS) {
            report(step, RunParameters.runId(step.getJobParameters()));
        }
        return null;
    }

    private void report(StepExecution step, String runId) {
        String line = line(step.getStepName(), runId);
        if (terminal) {
            out.println(line);
            out.flush();
        } else {
            log.info("Progress: {}", line);
        }
    }

    private String line(String stepName, String runId) {
        long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        StringBuilder b = new StringBuilder();
        switch (stepName) {
            case "loadTargets" -> b.append("loading targets");
            case "remediate" -> {
                long n = done.get();
                double rate = (double) n / seconds;
                b.append("remediate: ").append(n).append('/').append(total).append(" targets, ")
                        .append(String.format("%.1f/s", rate)).append(", ETA ")
                        .append(rate > 0 && total > n ? duration((long) ((total - n) / rate)) : "-");
                long deferred = store.countDeferred(runId);
                if (deferred > 0) {
                    b.append("; ").append(deferred).append(" deferred (cluster busy), retried after this pass");
                }
            }
            case "retryBusy" -> {
                long waiting = store.countDeferred(runId);
                b.append("busy retries: ").append(waiting).append(" rows waiting for their cluster to be free "
                        + "(next tries back off from --busy-backoff, doubling), ").append(done.get()).append(" settled");
            }
            case "awaitUpdates" -> {
                TargetStore.InProgress waiting = store.inProgress(runId);
                b.append("waiting for EKS updates: ").append(waiting.count()).append(" InProgress");
                if (waiting.oldest() != null) {
                    b.append(", oldest ").append(duration(Duration.between(waiting.oldest(), Instant.now()).toSeconds()));
                }
            }
            default -> b.append(stepName);
        }
        b.append("; elapsed ").append(duration(seconds));
        Map<Outcome, Long> counts = store.countsByOutcome(runId);
        if (!counts.isEmpty()) {
            b.append("; so far ").append(counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        RunContext watched = run;
        if (watched != null && watched.runId().equals(runId)) {
            rates(b, watched);
        }
        return b.toString();
    }

    /** The limiters' current rates against their ceilings: how hard the run pushes, and whether it is held back. */
    private static void rates(StringBuilder b, RunContext resources) {
        resources.eksLimiters().busiest().ifPresent(e -> b.append("; EKS ").append(rate(e.getValue()))
                .append(" in the busiest bucket"));
        b.append(", STS ").append(rate(resources.stsLimiter()));
    }

    private static String rate(AdaptiveRateLimiter limiter) {
        return String.format("%.1f/s of %.0f/s", limiter.currentRate(), limiter.policy().ceiling())
                + (limiter.throttles() > 0 ? " (" + limiter.throttles() + " throttled)" : "");
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
