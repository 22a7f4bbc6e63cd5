package dev.eksidp.job;

import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The file behind an embedded H2 job repository. It holds every run's parameters (role template, external id,
 * targets path) and every row's outcome, so it is kept like the reports: its directory rwx------ when the tool
 * creates it, its files rw------- (H2 creates them with the umask's permissions).
 */
public record H2File(Path base) {

    private static final String[] SUFFIXES = {".mv.db", ".trace.db", ".lock.db"};

    /** The file of a {@code jdbc:h2:file:PATH} or {@code jdbc:h2:PATH} URL; empty for memory and server URLs. */
    public static Optional<H2File> of(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String location = options < 0 ? rest : rest.substring(0, options);
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")) {
            return Optional.empty();
        }
        String path = lower.startsWith("file:") ? location.substring("file:".length()) : location;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(new H2File(Path.of(path).toAbsolutePath()));
    }

    void createDirectory() {
        try {
            OwnerOnlyFiles.createDirectories(base.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job repository's directory " + base.getParent(), e);
        }
    }

    void restrictToOwner() {
        try {
            for (String suffix : SUFFIXES) {
                OwnerOnlyFiles.restrictToOwner(base.resolveSibling(base.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the job repository " + base + " owner-only", e);
        }
    }
}
