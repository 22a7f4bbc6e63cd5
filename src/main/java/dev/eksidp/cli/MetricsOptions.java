package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.metrics.AwsCallCounter;
import dev.eksidp.metrics.MetricsFile;
import dev.eksidp.metrics.RunMetrics;
import dev.eksidp.remediation.Outcome;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * --metrics-file of every command that runs a job against AWS (see {@link CommonOptions}): a Prometheus text file written when the command ends, however
 * it ends (a finished run, a stop, a usage error, a busy repository).
 */
public class MetricsOptions {

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write Prometheus metrics (rows per outcome, duration, AWS calls and throttles, exit code, "
                    + "eksidp_last_run_timestamp_seconds) to FILE at the end, atomically and owner-only: for "
                    + "node_exporter's textfile collector (a .prom file) or a pushgateway.")
    Path metricsFile;

    private final Clock clock;
    // Mixins are made when the command line is parsed, just before the command runs.
    private final Instant started;
    private final Map<String, AwsCallCounter.Counts> awsAtStart = AwsCallCounter.snapshot();
    private volatile boolean written;
    private Map<String, Long> rows = Map.of();

    MetricsOptions(CliEnvironment env) {
        this.clock = env.clock();
        this.started = clock.instant();
    }

    /** The recorder RunLauncher calls when the run ends, or stops; writes the file there. */
    RunRecorder recorder(PrintStream out) {
        if (metricsFile == null) {
            return RunRecorder.NONE;
        }
        return (store, execution, exitCode) -> {
            Map<String, Long> counts = new TreeMap<>();
            for (Outcome o : Outcome.values()) {
                counts.put(o.name(), 0L);
            }
            RunSettings settings = RunParameters.from(execution.getJobParameters()).settings();
            try {
                store.countsByOutcome(settings.runId()).forEach((o, n) -> counts.put(String.valueOf(o), n));
            } catch (RuntimeException e) {
                // The repository failed under the run; the exit code still says what happened.
                out.println("Could not count the run's rows for the metrics file: " + e.getMessage());
            }
            Instant start = execution.getStartTime() == null ? started
                    : execution.getStartTime().atZone(ZoneId.systemDefault()).toInstant();
            write(out, settings.mode().name().toLowerCase(Locale.ROOT), settings.runId(), counts, start, exitCode);
        };
    }

    /** For commands without a remediation run (verify, discover): the rows to report, by verdict. */
    void rows(Map<String, Long> rows) {
        this.rows = Map.copyOf(rows);
    }

    /** Runs the command, and writes the file with its exit code if the run's recorder has not already. */
    int around(String command, PrintStream out, Callable<Integer> body) throws Exception {
        int code = ExitCodes.INTERNAL;
        try {
            code = body.call();
            return code;
        } catch (Exception e) {
            code = ExitCodes.of(e);
            throw e;
        } finally {
            if (metricsFile != null && !written) {
                write(out, command, null, rows, started, code);
            }
        }
    }

    private void write(PrintStream out, String mode, String runId, Map<String, Long> counts, Instant start, int code) {
        Instant end = clock.instant();
        try {
            MetricsFile.write(metricsFile, new RunMetrics(mode, runId, counts, Duration.between(start, end).toMillis() / 1000.0,
                    AwsCallCounter.since(awsAtStart), code, end));
            written = true;
        } catch (IOException | RuntimeException e) {
            // Monitoring must not change the run's outcome; the missing update is what alerts.
            out.println("Could not write the metrics file " + metricsFile + ": " + e.getMessage());
        }
    }
}
