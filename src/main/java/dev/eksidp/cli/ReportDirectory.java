package dev.eksidp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report directory of a new run, checked before any AWS call: one that already holds a report is refused
 * (the earlier run's record would be overwritten), and one that cannot be written is found before changes are made
 * that could then not be reported.
 */
final class ReportDirectory {

    /** Files only a run writes: their presence means the directory is some run's record. */
    private static final List<String> REPORTS = List.of("summary.md", "summary.json", "report.csv", "plan.csv");

    private ReportDirectory() {
    }

    static void claim(Path dir, boolean force) {
        if (!force) {
            REPORTS.stream().filter(name -> Files.exists(dir.resolve(name))).findFirst().ifPresent(name -> {
                throw new UsageException("--report-dir " + dir + " already holds a report (" + name + "); give a new "
                        + "directory, or --force to replace it");
            });
        }
        requireWritable(dir, "--report-dir");
    }

    /**
     * Writes and deletes a file in dir, or in the nearest directory above it when dir does not exist yet (the run
     * creates it): a usage error if it cannot. Nothing is left behind, so a refused run leaves no trace.
     */
    static void requireWritable(Path dir, String what) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !Files.isDirectory(existing)) {
                throw new IOException(existing + " is not a directory");
            }
            Files.delete(Files.createTempFile(existing, ".write-check.", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new UsageException("cannot write to " + what + " " + dir + " (" + e.getMessage() + "); nothing was done");
        }
    }
}
