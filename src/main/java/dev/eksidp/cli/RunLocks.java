package dev.eksidp.cli;

import javax.sql.DataSource;
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
 * With H2 the database file itself admits one process at a time, and these are no-ops.
 */
final class RunLocks implements AutoCloseable {

    private final Connection connection;
    private final List<Long> held = new ArrayList<>();

    private RunLocks(Connection connection) {
        this.connection = connection;
    }

    /** A lock holder on its own connection, or a no-op holder when the repository is not PostgreSQL. */
    static RunLocks open(DataSource dataSource) {
        try {
            Connection c = dataSource.getConnection();
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (!product.contains("postgres")) {
                c.close();
                return new RunLocks(null);
            }
            c.setAutoCommit(true);
            return new RunLocks(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
        }
    }

    /** Takes the lock named {@code name} at once, or throws {@link BusyException} with {@code busyMessage}. */
    RunLocks take(String name, String busyMessage) {
        if (connection == null) {
            return this;
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

    /** Hex SHA-256 of a file's content. */

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
