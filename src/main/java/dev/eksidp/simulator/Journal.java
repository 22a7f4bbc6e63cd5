package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One JSON line per request, for reading a run after the fact. Only routing facts are written:
 * the entry type has no field that could carry a secret key, session token or request body.
 */
final class Journal implements AutoCloseable {
    record Entry(String time, String service, String operation, String account, String region, int status, String errorCode) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter out;

    private Journal(BufferedWriter out) {
        this.out = out;
    }

    static Journal open(Path file) {
        if (file == null) return new Journal(null);
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            return new Journal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    void record(String service, String operation, String account, String region, int status, String errorCode) {
        if (out == null) return;
        Entry e = new Entry(Instant.now().toString(), service, operation, account, region, status, errorCode);
        try {
            String line = json.writeValueAsString(e);
            synchronized (this) {
                out.write(line);
                out.newLine();
                // Flushed per line so a killed simulator still leaves a complete journal behind.
                out.flush();
            }
        } catch (IOException ex) {
            // A journal that cannot be written must not fail the simulated API call.
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            // nothing useful to do at shutdown
        }
    }
}
