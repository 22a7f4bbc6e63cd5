package dev.eksidp.cli;

import sun.misc.Signal;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * SIGTERM (Kubernetes, systemd) and Ctrl-C stop the run without a new change: the run's stop is raised, calls
 * already sent finish and are recorded, every step ends STOPPED at once, and the command returns normally with
 * exit 1 (resumable). A JVM shutdown hook cannot do this: once shutdown starts, a second signal is ignored and the
 * exit code is 143. So the signals are handled directly, from the start of the process:
 * <ul>
 *   <li>a signal while no run is attached (the command is starting up, or is not a run) exits 1 at once: no
 *   change of this command is in flight, and a run that was about to start is explained by {@code resume};</li>
 *   <li>a second signal exits at once, as a SIGKILL would (the run stays resumable);</li>
 *   <li>a run that has not stopped {@value #GRACE_SECONDS} s after the first signal exits the same way, inside the
 *   30 s Kubernetes allows before it sends SIGKILL.</li>
 * </ul>
 */
final class GracefulStop {

    static final long GRACE_SECONDS = 24;
    /** For commands run inside another program (tests): no signal handling. */
    static final GracefulStop NONE = new GracefulStop(null);

    private final PrintStream out;
    private Consumer<String> run;
    private String signalled;

    private GracefulStop(PrintStream out) {
        this.out = out;
    }

    /** Takes over SIGTERM and SIGINT for this process. */
    static GracefulStop install(PrintStream out) {
        GracefulStop stop = new GracefulStop(out);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), stop::onSignal);
        }
        return stop;
    }

    /** A signal from now on stops this run ({@code stopRun} gets the reason); until the attachment is closed. */
    synchronized Attachment attach(Consumer<String> stopRun) {
        run = stopRun;
        if (signalled != null) {
            stopRun.accept(signalled);
        }
        return () -> {
            synchronized (this) {
                run = null;
            }
        };
    }

    private synchronized void onSignal(Signal signal) {
        String name = "SIG" + signal.getName();
        if (signalled != null) {
            exit("Second " + name + ": exiting now. Changes already accepted are recorded or replay their token on "
                    + "resume; the run stays resumable.");
        }
        if (run == null) {
            exit(name + " received: exiting now (no run of this command was making changes).");
        }
        signalled = name + " received";
        out.println(name + " received: stopping. No new change is sent; calls in flight finish and are recorded. "
                + "Send it again to exit at once.");
        out.flush();
        run.accept(signalled);
        Thread.ofPlatform().daemon().name("stop-deadline").start(this::exitIfStillRunning);
    }

    private void exitIfStillRunning() {
        try {
            Thread.sleep(GRACE_SECONDS * 1000);
        } catch (InterruptedException e) {
            return;
        }
        exit("The run did not stop within " + GRACE_SECONDS + " s of the signal: exiting now; it stays resumable.");
    }

    private void exit(String message) {
        out.println(message);
        out.flush();
        Runtime.getRuntime().halt(ExitCodes.RESUMABLE);
    }

    /** The end of a run's attachment. */
    interface Attachment extends AutoCloseable {
        @Override
        void close();
    }
}
