package dev.eksidp.cli;

import dev.eksidp.job.H2File;
import dev.eksidp.output.OwnerOnlyFiles;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run at a time on a shared (PostgreSQL) job repository: session-level advisory locks held on a dedicated
 * connection for the run's lifetime. PostgreSQL releases them when that connection ends, including when the
 * process is killed, so a lock that can be taken proves no live process holds it.
 * <ul>
 *   <li>the <b>target-set lock</b>, keyed by the SHA-256 of the targets file's content (and the shard and mode):
 *   two applies (or two plans) of the same targets never overlap, whatever the file's name or path;</li>
 *   <li>the <b>run lock</b>, keyed by the run id: {@code resume} takes it before {@code JobOperator#recover}, so a
 *   run still alive in another process is never recovered under it.</li>
 * </ul>
 * An H2 file is served to other processes while a run holds it (AUTO_SERVER, so executions and plan can read it),
 * so there the same locks are file locks in a {@code locks} directory next to the file, which the operating system
 * also releases when the process dies. An in-memory H2 database has no other process, and the locks are no-ops.
 */
final class RunLocks implements AutoCloseable {

    private final Connection connection;
    private final Path lockDirectory;
    private final List<Long> held = new ArrayList<>();
    private final List<FileChannel> heldFiles = new ArrayList<>();

    private RunLocks(Connection connection, Path lockDirectory) {
        this.connection = connection;
        this.lockDirectory = lockDirectory;
    }

    /**
     * A lock holder on its own connection (PostgreSQL), on files next to an H2 file, or a no-op holder.
     *
     * @param url the repository's JDBC URL
     */
    static RunLocks open(DataSource dataSource, String url) {
        Path lockDirectory = H2File.of(url).map(f -> f.base().resolveSibling("locks")).orElse(null);
        try {
            Connection c = dataSource.getConnection();
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (!product.contains("postgres")) {
                c.close();
                return new RunLocks(null, lockDirectory);
            }
            c.setAutoCommit(true);
            return new RunLocks(c, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
        }
    }

    /** Takes the lock named {@code name} at once, or throws {@link BusyException} with {@code busyMessage}. */
    RunLocks take(String name, String busyMessage) {
        if (connection == null) {
            return lockDirectory == null ? this : takeFile(name, busyMessage);
        }
        long key = key(name);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new BusyException(busyMessage);
            }
            held.add(key);
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the run lock: " + e.getMessage(), e);
        }
    }

    private RunLocks takeFile(String name, String busyMessage) {
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(lockDirectory);
            channel = FileChannel.open(lockDirectory.resolve(Long.toHexString(key(name)) + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new BusyException(busyMessage);
            }
            heldFiles.add(channel);
            return this;
        } catch (OverlappingFileLockException sameProcess) {
            close(channel);
            throw new BusyException(busyMessage);
        } catch (IOException e) {
            close(channel);
            throw new IllegalStateException("cannot take the run lock in " + lockDirectory + ": " + e.getMessage(), e);
        } catch (BusyException e) {
            close(channel);
            throw e;
        }
    }

    private static void close(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Closing releases the lock; nothing else to do.
        }
    }

    /**
     * Name of the target-set lock of a targets file's content hash, shard and mode: a plan (read-only) of the same
     * targets does not hold off the nightly apply, nor the other way round.
     */
    static String targetSetLock(String sha256, String shard, String mode) {
        return "eksidp-targets:" + sha256 + ":" + shard + ":" + mode;
    }

    static String runLock(String runId) {
        return "eksidp-run:" + runId;
    }

    /** A 64-bit advisory lock key: the first 8 bytes of the SHA-256 of the lock's name. */
    static long key(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        heldFiles.forEach(RunLocks::close);
        if (connection == null) {
            return;
        }
        try (connection) {
            for (long key : held) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + key + ")");
                }
            }
        } catch (SQLException e) {
            // Closing the connection releases the locks anyway.
        }
    }
}
