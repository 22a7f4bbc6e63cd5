package dev.eksidp.job.remediation;

import dev.eksidp.job.RunParameters;
import dev.eksidp.progress.Heartbeat;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.remediation.NextTries;
import dev.eksidp.remediation.Outcome;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Progress of every step of a run, so a long run is never silent ({@link Heartbeat}): each line says the step, the
 * counts by outcome so far, the rates against their limits, and what the step is waiting for (busy clusters,
 * InProgress updates).
 */
public class Progress implements StepExecutionListener {

    private final TargetStore store;
    private final boolean terminal;
    private final PrintStream out;
    private final Clock clock;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    /** Rows earlier executions of the run settled: a resumed run's line counts only what is left. */
    private volatile long settledEarlier;
    private volatile long startNanos;
    private volatile Heartbeat heartbeat;
    /** The run being watched, for its limiters' rates; a process runs one execution at a time. */
    private volatile RunContext run;

    /** @param clock the age of the oldest update still in progress is read against it */
    public Progress(TargetStore store, boolean terminal, PrintStream out, Clock clock) {
        this.store = store;
        this.terminal = terminal;
        this.out = out;
        this.clock = clock;
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
        settledEarlier = step.getStepName().equals("remediate") ? store.countActionable(runId) - total : 0;
        startNanos = System.nanoTime();
        heartbeat = Heartbeat.start(terminal, out, () -> line(step.getStepName(), runId));
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        Heartbeat h = heartbeat;
        if (h != null) {
            h.close();
            // The remediate step always ends with its line; the others only when they took long enough to need one.
            if (step.getStepName().equals("remediate") || System.nanoTime() - startNanos >= Heartbeat.TERMINAL.toNanos()) {
                h.beat();
            }
        }
        return null;
    }

    private String line(String stepName, String runId) {
        long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        StringBuilder b = new StringBuilder();
        switch (stepName) {
            case "loadTargets" -> b.append("loading targets");
            case "remediate" -> {
                long n = done.get();
                double rate = (double) n / seconds;
                b.append("remediate: ").append(n).append('/').append(total).append(" targets");
                if (settledEarlier > 0) {
                    b.append(" (").append(settledEarlier).append(" more settled by earlier executions)");
                }
                b.append(", ")
                        .append(String.format("%.1f/s", rate)).append(", ETA ")
                        .append(rate > 0 && total > n ? Heartbeat.duration((long) ((total - n) / rate)) : "-");
                long deferred = store.countDeferred(runId);
                if (deferred > 0) {
                    b.append("; ").append(deferred).append(" deferred (cluster busy), retried after this pass");
                }
            }
            case "retryBusy" -> {
                long waiting = store.countDeferred(runId);
                b.append("busy retries: ").append(waiting).append(" rows waiting for their cluster to be free");
                RunContext watched = run;
                if (waiting > 0 && watched != null && watched.runId().equals(runId)) {
                    b.append(", ").append(nextTry(watched.nextTries()));
                }
                b.append(", ").append(done.get()).append(" settled");
            }
            case "awaitUpdates" -> {
                TargetStore.InProgress waiting = store.inProgress(runId);
                b.append("waiting for EKS updates: ").append(waiting.count()).append(" InProgress");
                if (waiting.oldest() != null) {
                    b.append(", oldest ").append(Heartbeat.duration(Duration.between(waiting.oldest(), clock.instant()).toSeconds()));
                }
            }
            default -> b.append(stepName);
        }
        b.append("; elapsed ").append(Heartbeat.duration(seconds));
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

    /** What the busy pass waits for: "3 clusters busy, next try in 40 s", or that it is trying (none backs off). */
    static String nextTry(NextTries next) {
        return next.now().map(w -> w.backingOff() + (w.backingOff() == 1 ? " cluster" : " clusters")
                + " busy, next try in " + (w.soonest().toMillis() + 999) / 1000 + " s").orElse("trying now");
    }

    /** The limiters' current rates against their ceilings: how hard the run pushes, and whether it is held back. */
    private static void rates(StringBuilder b, RunContext resources) {
        resources.eksLimiters().busiest().ifPresent(e -> b.append("; EKS ").append(rate(e.getValue()))
                .append(" in the busiest bucket"));
        b.append(", STS ").append(rate(resources.stsLimiter()));
    }

    static String rate(AdaptiveRateLimiter limiter) {
        // The ceiling as given: --eks-rate 0.3 is "of 0.3/s", not "of 0/s".
        String ceiling = BigDecimal.valueOf(limiter.policy().ceiling()).stripTrailingZeros().toPlainString();
        return String.format("%.1f/s of %s/s", limiter.currentRate(), ceiling)
                + (limiter.throttles() > 0 ? " (" + limiter.throttles() + " throttled)" : "");
    }
}
