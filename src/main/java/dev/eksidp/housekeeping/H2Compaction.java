package dev.eksidp.housekeeping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * Gives an H2 file's free space back after rows were deleted: H2's MVStore reuses freed pages but keeps the file's
 * size until {@code SHUTDOWN COMPACT}, which rewrites it. Must run with no other connection open (the pool closed).
 */
public final class H2Compaction {

    /** The file's size before and after, in bytes. */
    public record Sizes(long before, long after) {
    }

    private H2Compaction() {
    }

    /** The database file of an H2 file URL ({@code jdbc:h2:file:/x/db;...} is /x/db.mv.db); empty for other URLs. */
    public static Optional<Path> file(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:".length());
        if (path.toLowerCase(Locale.ROOT).startsWith("file:")) {
            path = path.substring("file:".length());
        }
        int options = path.indexOf(';');
        return Optional.of(Path.of((options < 0 ? path : path.substring(0, options)) + ".mv.db"));
    }

    /** The size of the H2 file of {@code url} now, or -1 (not an H2 file, or none yet). */
    public static long size(String url) {
        return file(url).map(H2Compaction::size).orElse(-1L);
    }

    /**
     * Compacts the H2 file of {@code url}; empty when the URL is not an H2 file.
     *
     * @param before the file's size before the rows were deleted (H2 already compacts a little when it closes)
     */
    public static Optional<Sizes> compact(String url, long before) throws SQLException {
        Optional<Path> file = file(url);
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        return Optional.of(new Sizes(before, size(file.get())));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
