package dev.eksidp.metrics;

import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics file: Prometheus text exposition format (version 0.0.4), replaced atomically at the end of a command,
 * so node_exporter's textfile collector never reads half a file, and ready for a pushgateway
 * ({@code curl --data-binary @FILE}). Every series carries the mode, so one directory can hold the plan's and the
 * apply's files. {@code eksidp_last_success_timestamp_seconds} is carried over from the file being replaced when
 * this run did not finish, so "no successful run for 26 hours" can be alerted on from the file alone.
 */
public final class MetricsFile {

    private static final Pattern LAST_SUCCESS = Pattern.compile(
            "(?m)^eksidp_last_success_timestamp_seconds\\{[^}]*} ([0-9.eE+-]+)$");

    private MetricsFile() {
    }

    public static void write(Path file, RunMetrics m) throws IOException {
        Path absolute = file.toAbsolutePath();
        Double lastSuccess = m.finished() ? Double.valueOf(seconds(m)) : previousSuccess(absolute);
        OwnerOnlyFiles.writeAtomically(absolute.getParent(), absolute.getFileName().toString(), render(m, lastSuccess));
    }

    static String render(RunMetrics m, Double lastSuccess) {
        StringBuilder out = new StringBuilder();
        String mode = "mode=\"" + escape(m.mode()) + "\"";
        gauge(out, "eksidp_rows", "Rows of the last run by outcome (verify: by verdict).");
        new TreeMap<>(m.rows()).forEach((outcome, n) -> sample(out, "eksidp_rows", mode + ",outcome=\"" + escape(outcome) + "\"", n));
        gauge(out, "eksidp_run_duration_seconds", "Wall-clock duration of the last run.");
        sample(out, "eksidp_run_duration_seconds", mode, m.durationSeconds());
        gauge(out, "eksidp_aws_requests", "AWS requests the last run made, by service (each retry counts).");
        m.aws().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sample(out, "eksidp_aws_requests", mode + ",service=\"" + escape(e.getKey()) + "\"", e.getValue().calls()));
        gauge(out, "eksidp_aws_throttles", "AWS requests of the last run answered with throttling, by service.");
        m.aws().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sample(out, "eksidp_aws_throttles", mode + ",service=\"" + escape(e.getKey()) + "\"", e.getValue().throttles()));
        gauge(out, "eksidp_exit_code", "Exit code of the last run: 0 clean, 1 failed or stopped (resume), 2 rows need "
                + "attention, 64 usage, 70 internal, 75 busy.");
        sample(out, "eksidp_exit_code", mode, m.exitCode());
        gauge(out, "eksidp_last_run_timestamp_seconds", "When the last run ended (Unix time).");
        sample(out, "eksidp_last_run_timestamp_seconds", mode, seconds(m));
        if (lastSuccess != null) {
            gauge(out, "eksidp_last_success_timestamp_seconds", "When the last run that finished (exit 0 or 2) ended.");
            sample(out, "eksidp_last_success_timestamp_seconds", mode, lastSuccess);
        }
        if (m.runId() != null) {
            gauge(out, "eksidp_last_run_info", "The last run's id, as a label; always 1.");
            sample(out, "eksidp_last_run_info", mode + ",run_id=\"" + escape(m.runId()) + "\"", 1);
        }
        return out.toString();
    }

    private static Double previousSuccess(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Matcher matcher = LAST_SUCCESS.matcher(Files.readString(file));
            return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static double seconds(RunMetrics m) {
        return m.end().toEpochMilli() / 1000.0;
    }

    private static void gauge(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ");
        out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value)).append('\n');
    }

    /** A label value: backslash, double quote and line feed escaped, as the text format asks. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
