package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child-JVM runs of the CLI against the simulator and a test PostgreSQL, for the operations tests. */
final class OpsTestSupport {

    static final String HEADER = "account_id,region,cluster_name,provider_type,provider_name";

    private OpsTestSupport() {
    }

    /** A child JVM running the CLI in workDir (output to workDir/name.out/.err), AWS and database from the environment. */
    static ProcessBuilder child(Path workDir, Simulator sim, TestPostgres pg, String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Deksidp.terminal=false", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve(name + ".out").toFile())
                .redirectError(workDir.resolve(name + ".err").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EKSIDP_") || k.equals("JOB_COMPLETION_INDEX"));
        if (sim != null) {
            env.put("AWS_ENDPOINT_URL", sim.endpoint().toString());
        }
        env.put("AWS_ACCESS_KEY_ID", Fleet.Hub.DEFAULT.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", Fleet.Hub.DEFAULT.secretAccessKey());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        if (pg != null) {
            pg.credentials(env);
        }
        return pb;
    }

    static Process start(ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a child and returns its exit code; fails the test after the timeout. */
    static int exit(Process p, int timeoutSeconds) throws InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child process did not finish within " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }

    static String output(Path workDir, String name) {
        return read(workDir.resolve(name + ".out")) + read(workDir.resolve(name + ".err"));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What an in-process command printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** Runs a command that does not reach AWS (report, executions) in this JVM. */
    static Result inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int exit = new Main(new CliEnvironment(o, e, new BufferedReader(new StringReader("")), false)).run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Runs a command in this JVM against the test PostgreSQL, its credentials given as the Spring properties
     * eksidp.db.username / eksidp.db.password (system properties, restored afterwards).
     */
    static Result inProcessWithDb(TestPostgres pg, String... args) {
        return withDbCredentials(pg, () -> inProcess(args));
    }

    /** Runs body with the test PostgreSQL's credentials as the Spring properties (system properties, restored after). */
    static <T> T withDbCredentials(TestPostgres pg, java.util.function.Supplier<T> body) {
        String user = System.getProperty("eksidp.db.username");
        String password = System.getProperty("eksidp.db.password");
        System.setProperty("eksidp.db.username", pg.user());
        System.setProperty("eksidp.db.password", pg.password());
        try {
            return body.get();
        } finally {
            restore("eksidp.db.username", user);
            restore("eksidp.db.password", password);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    static Path targets(Path file, List<String> rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
