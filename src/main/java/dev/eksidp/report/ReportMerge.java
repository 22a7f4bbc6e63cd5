package dev.eksidp.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Combines the reports of the shards of one targets file (each a report directory with report.jsonl or
 * plan.jsonl) into one report.csv/.jsonl and summary.md, ordered by input line, as if one process had run the
 * whole file. The inputs are streamed (a k-way merge on the line number, each input already in line order), so
 * memory stays flat. A line present in two inputs means they are not shards of one file: refused.
 */
public final class ReportMerge {

    /** Inputs that cannot be merged: missing, of mixed modes, or overlapping. */
    public static final class MergeException extends RuntimeException {
        MergeException(String message) {
            super(message);
        }
    }

    /** What the merge wrote. */
    public record Result(Mode mode, Path outputDir, RunSummary summary) {
        public boolean clean() {
            return summary.countsByOutcome().entrySet().stream().noneMatch(e -> e.getKey().needsAttention(mode));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportMerge() {
    }

    public static Result merge(List<Path> inputs, Path outputDir, Clock clock) throws IOException {
        if (inputs.isEmpty()) {
            throw new MergeException("no report directories to merge");
        }
        Mode mode = null;
        List<Path> files = new ArrayList<>();
        for (Path dir : inputs) {
            Mode m = modeOf(dir);
            if (mode != null && m != mode) {
                throw new MergeException(dir + " holds a " + m.name().toLowerCase() + " report, the others a "
                        + mode.name().toLowerCase() + " report");
            }
            mode = m;
            files.add(dir.resolve(m.reportName() + ".jsonl"));
        }
        Instant start = clock.instant();
        RunSummary summary = new RunSummary();
        List<Source> sources = new ArrayList<>();
        boolean created = Files.notExists(outputDir);
        try {
            PriorityQueue<Source> heads = new PriorityQueue<>(Comparator.comparingLong(s -> s.head.line()));
            for (Path file : files) {
                Source s = new Source(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
                sources.add(s);
                if (s.advance()) {
                    heads.add(s);
                }
            }
            try (ReportWriter writer = ReportWriter.open(outputDir, mode)) {
                Source previous = null;
                long previousLine = Long.MIN_VALUE;
                while (!heads.isEmpty()) {
                    Source s = heads.poll();
                    ReportRecord r = s.head;
                    if (r.line() == previousLine) {
                        throw new MergeException("line " + r.line() + " is in both " + previous.file + " and " + s.file
                                + ": these are not the shards of one targets file");
                    }
                    writer.write(r);
                    summary.add(r);
                    previous = s;
                    previousLine = r.line();
                    if (s.advance()) {
                        heads.add(s);
                    }
                }
                writer.commit();
            }
        } catch (UncheckedIOException e) {
            removeIfCreated(outputDir, created);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            removeIfCreated(outputDir, created);
            throw e;
        } finally {
            for (Source s : sources) {
                s.reader.close();
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Merged from " + inputs.size() + " report directories (one per shard):");
        inputs.forEach(dir -> notes.add(dir.toAbsolutePath().toString()));
        SummaryWriter.write(outputDir, summary, new SummaryContext("merged (" + inputs.size() + " shards)", mode,
                "(see the shards' summaries)", 0, start, clock.instant(), "merged", null, notes));
        return new Result(mode, outputDir, summary);
    }

    /** A refused merge writes nothing: not even the directory it would have written into. */
    private static void removeIfCreated(Path outputDir, boolean created) throws IOException {
        if (created) {
            try {
                Files.deleteIfExists(outputDir);
            } catch (DirectoryNotEmptyException somethingElseWroteThere) {
                // Not this merge's to remove.
            }
        }
    }

    private static Mode modeOf(Path dir) {
        for (Mode m : Mode.values()) {
            if (Files.isRegularFile(dir.resolve(m.reportName() + ".jsonl"))) {
                return m;
            }
        }
        throw new MergeException(dir + " has no report.jsonl or plan.jsonl (not a finished run's report directory?)");
    }

    /** One input file and its current record. */
    private static final class Source {
        final Path file;
        final BufferedReader reader;
        ReportRecord head;
        long lastLine = Long.MIN_VALUE;

        Source(Path file, BufferedReader reader) {
            this.file = file;
            this.reader = reader;
        }

        boolean advance() {
            try {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    if (text.isBlank()) {
                        continue;
                    }
                    head = record(JSON.readTree(text));
                    if (head.line() <= lastLine) {
                        throw new MergeException(file + " is not in line order at line " + head.line());
                    }
                    lastLine = head.line();
                    return true;
                }
                head = null;
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
            }
        }
    }

    static ReportRecord record(JsonNode o) {
        String outcome = text(o, "outcome");
        String created = text(o, "update_created_at");
        return new ReportRecord(o.path("line").asLong(), text(o, "account_id"), text(o, "region"),
                text(o, "cluster_name"), text(o, "provider_type"), text(o, "provider_name"),
                outcome == null ? null : Outcome.valueOf(outcome), text(o, "update_id"), text(o, "update_status"),
                text(o, "error_code"), text(o, "error_message"), o.path("attempts").asInt(),
                created == null ? null : Instant.parse(created), json(o, "update_params"), json(o, "update_errors"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String json(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}
