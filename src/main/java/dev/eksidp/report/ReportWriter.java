package dev.eksidp.report;

import dev.eksidp.output.FormulaGuard;
import dev.eksidp.output.OwnerOnlyFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.eksidp.remediation.Mode;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the per-row report of a run as CSV (for people) and JSONL (for programs). Both go to temp files that
 * {@link #commit()} moves into place; closing without commit deletes them, so a failed or killed run leaves
 * either the previous complete report or none, never a truncated one. Not thread-safe.
 */
public final class ReportWriter implements AutoCloseable {

    /** A column of both files: its name and the record's value in it (a Long, Integer or String; null when empty). */
    private record Column(String name, Function<ReportRecord, Object> value) {
    }

    /** report.csv's columns, which open each report.jsonl object in the same order. */
    private static final List<Column> COLUMNS = List.of(
            new Column("line", ReportRecord::line),
            new Column("account_id", ReportRecord::accountId),
            new Column("region", ReportRecord::region),
            new Column("cluster_name", ReportRecord::clusterName),
            new Column("provider_type", ReportRecord::providerType),
            new Column("provider_name", ReportRecord::providerName),
            new Column("outcome", r -> r.outcome() == null ? null : r.outcome().name()),
            new Column("update_id", ReportRecord::updateId),
            new Column("update_status", ReportRecord::updateStatus),
            new Column("error_code", ReportRecord::errorCode),
            new Column("error_message", ReportRecord::errorMessage),
            new Column("attempts", ReportRecord::attempts));

    public static final List<String> CSV_COLUMNS = COLUMNS.stream().map(Column::name).toList();

    private final Output csv;
    private final Output jsonl;
    private final ICSVWriter csvWriter;
    // Trailing-token check: "[1] junk" is not the array [1].
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private boolean committed;
    private boolean closed;

    /** A temp file, its stream, and the name it gets on commit. */
    private record Output(Path temp, Path target, FileOutputStream stream, Writer writer) {

        static Output create(Path dir, String name) throws IOException {
            Path temp = OwnerOnlyFiles.createTemp(dir, name);
            FileOutputStream stream = new FileOutputStream(temp.toFile());
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            return new Output(temp, dir.resolve(name), stream, writer);
        }

        void sync() throws IOException {
            writer.flush();
            // The rename must not become durable before the data it points at.
            stream.getFD().sync();
        }

        void discard() {
            try {
                writer.close();
            } catch (IOException ignored) {
                // Deleting is what matters here.
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Hidden .tmp name; nothing under the report's name is affected.
            }
        }
    }

    private ReportWriter(Output csv, Output jsonl) {
        this.csv = csv;
        this.jsonl = jsonl;
        this.csvWriter = new CSVWriterBuilder(csv.writer()).withLineEnd("\n").build();
    }

    /** Creates reportDir if needed and starts {@code <mode.reportName()>.csv} and {@code .jsonl}. */
    public static ReportWriter open(Path reportDir, Mode mode) throws IOException {
        OwnerOnlyFiles.createDirectories(reportDir);
        Output csv = Output.create(reportDir, mode.reportName() + ".csv");
        Output jsonl;
        try {
            jsonl = Output.create(reportDir, mode.reportName() + ".jsonl");
        } catch (IOException | RuntimeException e) {
            csv.discard();
            throw e;
        }
        ReportWriter writer = new ReportWriter(csv, jsonl);
        try {
            writer.csvWriter.writeNext(CSV_COLUMNS.toArray(String[]::new), false);
            writer.checkCsv();
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    public void write(ReportRecord r) throws IOException {
        if (committed || closed) {
            throw new IllegalStateException("report already " + (committed ? "committed" : "closed"));
        }
        csvWriter.writeNext(csvRow(r), false);
        checkCsv();
        jsonl.writer().write(json.writeValueAsString(jsonRow(r)));
        jsonl.writer().write('\n');
    }

    /** Makes both files durable and moves them to their final names. */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("report already closed");
        }
        if (committed) {
            return;
        }
        csvWriter.flush();
        checkCsv();
        csv.sync();
        jsonl.sync();
        csvWriter.close();
        jsonl.writer().close();
        OwnerOnlyFiles.moveIntoPlace(csv.temp(), csv.target());
        OwnerOnlyFiles.moveIntoPlace(jsonl.temp(), jsonl.target());
        committed = true;
    }

    /** Without a prior commit, throws the partial report away. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            csv.discard();
            jsonl.discard();
        }
    }

    private void checkCsv() throws IOException {
        // OpenCSV's writer swallows IOExceptions and only records them.
        if (csvWriter.checkError()) {
            IOException e = csvWriter.getException();
            throw e != null ? e : new IOException("cannot write " + csv.temp());
        }
    }

    private static String[] csvRow(ReportRecord r) {
        return COLUMNS.stream().map(c -> switch (c.value().apply(r)) {
            case null -> "";
            case String text -> text(text);
            case Object number -> number.toString();
        }).toArray(String[]::new);
    }

    private static String text(String value) {
        return value == null ? "" : FormulaGuard.neutralise(value);
    }

    private ObjectNode jsonRow(ReportRecord r) {
        ObjectNode o = json.createObjectNode();
        for (Column c : COLUMNS) {
            switch (c.value().apply(r)) {
                case null -> o.putNull(c.name());
                case String text -> o.put(c.name(), text);
                case Long number -> o.put(c.name(), number);
                case Integer number -> o.put(c.name(), number);
                default -> throw new IllegalStateException("column " + c.name());
            }
        }
        o.put("update_created_at", r.updateCreatedAt() == null ? null : r.updateCreatedAt().toString());
        o.set("update_params", embedded(r.updateParamsJson()));
        o.set("update_errors", embedded(r.updateErrorsJson()));
        if (r.removedConfigJson() != null) {
            o.set("removed_config", embedded(r.removedConfigJson()));
        }
        return o;
    }

    /**
     * The record carries EKS's params/errors as JSON text; embed them as JSON. Text that does not parse is kept
     * as a string: losing part of the audit trail of a destructive run would be worse than an odd type.
     */
    private JsonNode embedded(String jsonText) {
        if (jsonText == null) {
            return json.nullNode();
        }
        try {
            JsonNode node = json.readTree(jsonText);
            return node.isMissingNode() ? json.nullNode() : node;
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(jsonText);
        }
    }
}
