package dev.eksidp.cli;

import dev.eksidp.job.RunResourcesRegistry;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM (Kubernetes, systemd) and Ctrl-C stop the run without a new change: the run's stop is raised, calls
 * already sent finish and are recorded, every step ends STOPPED at once, and the command returns normally with
 * exit 1 (resumable). A JVM shutdown hook cannot do this: once shutdown starts, a second signal is ignored and the
 * exit code is 143. So the signals are handled directly:
 * <ul>
 *   <li>a second signal exits at once, as a SIGKILL would (the run stays resumable);</li>
 *   <li>a run that has not stopped {@value #GRACE_SECONDS} s after the first signal exits the same way, inside the
 *   30 s Kubernetes allows before it sends SIGKILL.</li>
 * </ul>
 */
final class GracefulStop implements AutoCloseable {

    static final long GRACE_SECONDS = 24;
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final RunResourcesRegistry runs;
    private final PrintStream out;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile boolean closed;

    GracefulStop(RunResourcesRegistry runs, PrintStream out) {
        this.runs = runs;
        this.out = out;
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, this::onSignal));
        }
    }

    private void onSignal(Signal signal) {
        if (closed) {
            return;
        }
        if (!signalled.compareAndSet(false, true)) {
            out.println("Second SIG" + signal.getName() + ": exiting now. Changes already accepted are recorded or "
                    + "replay their token on resume; the run stays resumable.");
            out.flush();
            Runtime.getRuntime().halt(ExitCodes.RESUMABLE);
        }
        out.println("SIG" + signal.getName() + " received: stopping. No new change is sent; calls in flight finish "
                + "and are recorded. Send it again to exit at once.");
        out.flush();
        runs.stopAll("SIG" + signal.getName() + " received");
        Thread.ofPlatform().daemon().name("stop-deadline").start(this::exitIfStillRunning);
    }

    private void exitIfStillRunning() {
        try {
            Thread.sleep(GRACE_SECONDS * 1000);
        } catch (InterruptedException e) {
            return;
        }
        if (!closed) {
            out.println("The run did not stop within " + GRACE_SECONDS + " s of the signal: exiting now; it stays resumable.");
            out.flush();
            Runtime.getRuntime().halt(ExitCodes.RESUMABLE);
        }
    }

    @Override
    public void close() {
        closed = true;
        previous.forEach(Signal::handle);
    }
}
