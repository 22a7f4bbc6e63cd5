package dev.eksidp.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A progress line every {@link #TERMINAL} when a person watches a terminal (whole lines: a carriage-return line
 * would be cut by log lines and leave debris), and a log line every {@link #LOG} otherwise (cron, Kubernetes), so
 * no phase of a long run is silent. The line is built when it is printed, from what the phase has done so far.
 */
public final class Heartbeat implements AutoCloseable {

    public static final Duration TERMINAL = Duration.ofSeconds(10);
    public static final Duration LOG = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final boolean terminal;
    private final PrintStream out;
    private final Supplier<String> line;
    private final Thread ticker;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Heartbeat(boolean terminal, PrintStream out, Supplier<String> line, Duration every) {
        this.terminal = terminal;
        this.out = out;
        this.line = line;
        this.ticker = Thread.ofVirtual().name("progress").start(() -> {
            try {
                while (!closed.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                    beat();
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ending) {
                // The phase is ending under the ticker (its repository closed); its own end says how it went.
            }
        });
    }

    public static Heartbeat start(boolean terminal, PrintStream out, Supplier<String> line) {
        return start(terminal, out, line, terminal ? TERMINAL : LOG);
    }

    static Heartbeat start(boolean terminal, PrintStream out, Supplier<String> line, Duration every) {
        return new Heartbeat(terminal, out, line, every);
    }

    /** Prints the line now (at the end of a phase, say). */
    public void beat() {
        String text = line.get();
        if (terminal) {
            out.println(text);
            out.flush();
        } else {
            log.info("Progress: {}", text);
        }
    }

    /**
     * Ends the ticker without interrupting it: a beat reads the job repository, and an interrupt during H2's file
     * I/O closes the database's file for the whole run (scripts/bench lost two runs so, their remediate step ending
     * during a beat). A beat in progress is waited for, a few seconds at most.
     */
    @Override
    public void close() {
        closed.countDown();
        try {
            ticker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Minutes and seconds (hours and minutes past an hour), for elapsed times and ETAs. */
    public static String duration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
