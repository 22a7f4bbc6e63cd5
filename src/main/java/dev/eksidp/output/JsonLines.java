package dev.eksidp.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JSON Lines report (report.jsonl, plan.jsonl) one record at a time; blank lines are skipped. */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is done with each record. */
    @FunctionalInterface
    public interface Each {
        void accept(JsonNode record) throws IOException;
    }

    private JsonLines() {
    }

    public static void forEach(Path file, Each each) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    each.accept(JSON.readTree(line));
                }
            }
        }
    }
}
