package dev.eksidp.output;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * File operations for reports. Reports name accounts, clusters and identity providers, so they are readable by
 * their owner only; and they appear under their final name only once complete, so a reader (or a crash) never
 * sees half a report.
 */
public final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Creates dir (and parents) rwx------ if it does not exist; an existing directory is left as its owner set it. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // The umask can only remove bits, but be explicit in case the file system ignored the attribute.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Makes an existing file rw------- (a file another library created with the umask's permissions). */
    public static void restrictToOwner(Path file) throws IOException {
        if (POSIX && Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A new rw------- file in dir, hidden and with a name that says what it will become. */
    public static Path createTemp(Path dir, String finalName) throws IOException {
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        return Files.createTempFile(dir, "." + finalName + ".", ".tmp", attrs);
    }

    /** What goes into a file written atomically. */
    @FunctionalInterface
    public interface Body {
        void write(Writer writer) throws IOException;
    }

    /** Replaces dir/name with text (UTF-8), as {@link #writeAtomically(Path, Body)}; creates dir (owner-only) if needed. */
    public static void writeAtomically(Path dir, String name, String text) throws IOException {
        createDirectories(dir);
        writeAtomically(dir.resolve(name), writer -> writer.write(text));
    }

    /**
     * Replaces {@code target} with what {@code body} writes (UTF-8, buffered), owner-only and atomically: a reader
     * sees the old file or the whole new one, never half of it, also when the process dies while writing.
     */
    public static void writeAtomically(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileOutputStream stream = new FileOutputStream(temp.toFile());
                 Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                body.write(writer);
                writer.flush();
                stream.getFD().sync();
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames temp over target; same directory, so the rename is atomic wherever the file system allows it. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
