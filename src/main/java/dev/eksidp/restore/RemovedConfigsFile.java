package dev.eksidp.restore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eksidp.output.OwnerOnlyFiles;
import dev.eksidp.output.ReportSeal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * removed-configs.json: every config an apply run removed, as it was right before, with the run id. Written with
 * the run's reports and sealed together with them in report.sha256, so that {@code restore --from} can refuse a
 * report directory whose files were changed after the run.
 */
public final class RemovedConfigsFile {

    public static final String FILE_NAME = "removed-configs.json";
    public static final String SEAL_NAME = "report.sha256";
    private static final List<String> SEALED = List.of("report.csv", "report.jsonl", FILE_NAME);

    /** The file's content. */
    public record Contents(String runId, String writtenAt, List<RemovedConfig> configs) {
        public Contents {
            configs = List.copyOf(configs);
        }
    }

    /** How the restore package's files are written and read (RestoreInputs too): indented, nothing after the value. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RemovedConfigsFile() {
    }

    /** Where the configs come from, in line order: streamed, since a run of 100,000 rows does not fit in the heap twice. */
    @FunctionalInterface
    public interface Source {
        void forEach(Consumer<RemovedConfig> sink);
    }

    /**
     * Writes the file (the shape of {@link Contents}) and seals it with the run's report.csv and report.jsonl, which
     * must already be in place.
     */
    public static void write(Path reportDir, String runId, Source configs, Instant writtenAt) throws IOException {
        OwnerOnlyFiles.createDirectories(reportDir);
        OwnerOnlyFiles.writeAtomically(reportDir.resolve(FILE_NAME), writer -> {
            try (JsonGenerator out = JSON.getFactory().createGenerator(writer)) {
                out.useDefaultPrettyPrinter().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                out.writeStartObject();
                out.writeStringField("runId", runId);
                out.writeStringField("writtenAt", writtenAt.truncatedTo(ChronoUnit.SECONDS).toString());
                out.writeArrayFieldStart("configs");
                configs.forEach(config -> {
                    try {
                        JSON.writeValue(out, config);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                out.writeEndArray();
                out.writeEndObject();
                out.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.write("\n");
        });
        ReportSeal.write(reportDir, SEAL_NAME, "eks-idp-remediation apply report seal: restore --from refuses the directory "
                + "if this file or the files it names change", Map.of("run_id", runId), SEALED);
    }

    /** The configs of a sealed apply report directory; refused when the seal or a sealed file changed. */
    public static Contents read(Path reportDir) throws ReportSeal.Refused {
        if (!Files.isRegularFile(reportDir.resolve(FILE_NAME)) && Files.isRegularFile(reportDir.resolve("plan.csv"))) {
            throw new ReportSeal.Refused(reportDir + " is a plan's directory; restore takes the report directory of the apply run");
        }
        Map<String, String> sealed = ReportSeal.check(reportDir, SEAL_NAME, "report", SEALED);
        Contents contents;
        try {
            contents = JSON.readValue(reportDir.resolve(FILE_NAME).toFile(), Contents.class);
        } catch (JsonProcessingException e) {
            throw new ReportSeal.Refused(reportDir.resolve(FILE_NAME) + " cannot be read: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ReportSeal.Refused("cannot read " + reportDir.resolve(FILE_NAME) + ": " + e.getMessage());
        }
        if (!contents.runId().equals(sealed.get("run_id"))) {
            throw new ReportSeal.Refused(reportDir.resolve(FILE_NAME) + " names run " + contents.runId() + ", its seal run "
                    + sealed.get("run_id"));
        }
        return contents;
    }
}
