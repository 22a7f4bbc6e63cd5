package dev.eksidp.job.discovery;

import dev.eksidp.discovery.DiscoveryStore;
import dev.eksidp.progress.Heartbeat;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import java.io.PrintStream;

/**
 * Progress of discover's scan ({@link Heartbeat}): account/region pairs read out of those to read (the step
 * execution's write count, kept up to date as chunks commit), configs matched and pairs not readable so far.
 */
final class DiscoveryProgress implements StepExecutionListener {

    private final DiscoveryStore store;
    private final String runId;
    private final boolean terminal;
    private final PrintStream out;
    private Heartbeat heartbeat;

    DiscoveryProgress(DiscoveryStore store, String runId, boolean terminal, PrintStream out) {
        this.store = store;
        this.runId = runId;
        this.terminal = terminal;
        this.out = out;
    }

    @Override
    public void beforeStep(StepExecution step) {
        long start = System.nanoTime();
        long units = store.countPendingUnits(runId);
        heartbeat = Heartbeat.start(terminal, out, () -> "discover: " + step.getWriteCount() + "/" + units
                + " account/region pairs read; so far " + store.countMatches(runId) + " configs matched, "
                + store.countUnreadable(runId) + " pairs not read (yet, or denied/failed); elapsed "
                + Heartbeat.duration((System.nanoTime() - start) / 1_000_000_000L));
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        heartbeat.close();
        heartbeat.beat();
        return null;
    }
}
