package dev.eksidp.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: initdb into a fresh directory under the temp dir, started on loopback
 * on a free port with password (SCRAM) authentication, stopped and deleted when the test JVM exits. One server
 * per test JVM; each test gets its own database. As root, initdb and the server run as the {@code postgres}
 * user (initdb refuses root). Without server binaries the tests are skipped, except under CI=true where that is
 * a failure.
 */
final class TestPostgres {

    static final String USER = "eksidp";

    private static TestPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;
    private final String password = "pw-" + UUID.randomUUID();

    private TestPostgres(Path bin) throws Exception {
        this.bin = bin;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.dir = Files.createTempDirectory("eksidp-pg-");
        this.data = dir.resolve("data");
        Path pwfile = Files.writeString(dir.resolve("pwfile"), password + "\n");
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), asPostgresUser);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB",
                "start"), asPostgresUser);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-test-postgres"));
    }

    /** The shared server, started on first use; skips (or fails under CI) when PostgreSQL is not installed. */
    static synchronized TestPostgres get() {
        if (shared == null) {
            Path bin = findBinaries();
            if (bin == null) {
                String message = "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin, "
                        + "PG_BINDIR): install postgresql to run the PostgreSQL job repository tests";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message + " (required under CI=true)");
                }
                Assumptions.abort(message);
            }
            try {
                shared = new TestPostgres(bin);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start a test PostgreSQL server from " + bin + ": " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /** A new empty database on the server; its JDBC URL. */
    String newDatabase() {
        String name = "eksidp_test_" + DATABASES.incrementAndGet();
        try (Connection c = connect(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, password);
    }

    /** The environment a child process uses to reach the repository (as a user would set it). */
    void credentials(java.util.Map<String, String> env) {
        env.put("EKSIDP_DB_USERNAME", USER);
        env.put("EKSIDP_DB_PASSWORD", password);
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                    asPostgresUser);
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Under the temp dir.
        }
    }

    private void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("eksidp-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited " + p.exitValue() + ": " + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path findBinaries() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("PG_BINDIR");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && !out.isEmpty()) {
                candidates.add(Path.of(out));
            }
        } catch (Exception notInstalled) {
            // Try the usual places.
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException | RuntimeException none) {
            // Not Debian's layout.
        }
        return candidates.stream()
                .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                .findFirst().orElse(null);
    }
}
