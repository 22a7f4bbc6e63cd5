package dev.eksidp.cli;

import dev.eksidp.testing.SystemProperties;
import com.opencsv.CSVReader;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;

import java.io.BufferedReader;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the CLI in-process or in a child JVM against an in-process simulator (and the test PostgreSQL), and reads
 * what it wrote. Tests that start children or set system properties do it through {@link CliTestExtension}.
 */
final class CliTestSupport {

    static final String HEADER = "account_id,region,cluster_name,provider_type,provider_name";

    /**
     * C1 only and the serial collector: the children are short and the machine has few cores (as the launcher's
     * src/main/dist/lib/jvm-options).
     */
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=error:stderr");

    /**
     * This JVM's class path without the test classes, which the CLI does not need: in Failsafe only jars are left,
     * which a class-data archive requires.
     */
    private static final String CHILD_CLASS_PATH = childClassPath();

    private CliTestSupport() {
    }

    /** What one in-process command printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /**
     * Runs {@code new Main(env).run(args)} in this JVM with the simulator as AWS (system properties, restored
     * afterwards). {@code sim} may be null for commands that never reach AWS.
     */
    static Result run(Simulator sim, boolean terminal, String stdin, String... args) {
        return run(Clock.systemUTC(), sim, terminal, stdin, args);
    }

    /** {@link #run(Simulator, String...)} with Main's clock given (what "now" is to prune, plan seals, ...). */
    static Result run(Clock clock, Simulator sim, String... args) {
        return run(clock, sim, false, "", args);
    }

    private static Result run(Clock clock, Simulator sim, boolean terminal, String stdin, String... args) {
        Path emptyConfig = emptyAwsConfig();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SystemProperties aws = simulatorProperties(sim == null ? null : sim.endpoint().toString(), emptyConfig.toString());
             PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int exit = new Main(new CliEnvironment(o, e, new BufferedReader(new StringReader(stdin == null ? "" : stdin)),
                    terminal).withClock(clock)).run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** The SDK's system properties for the simulator at {@code endpoint} (null: none) and no AWS config files. */
    static SystemProperties simulatorProperties(String endpoint, String awsConfigFile) {
        SystemProperties properties = new SystemProperties();
        if (endpoint != null) {
            properties.set("aws.endpointUrl", endpoint);
        }
        return properties.set("aws.accessKeyId", Fleet.Hub.DEFAULT.accessKeyId())
                .set("aws.secretAccessKey", Fleet.Hub.DEFAULT.secretAccessKey())
                .set("aws.region", "us-east-1")
                .set("aws.configFile", awsConfigFile)
                .set("aws.sharedCredentialsFile", awsConfigFile);
    }

    static Result run(Simulator sim, String... args) {
        return run(sim, false, "", args);
    }

    private static Path emptyAwsConfig() {
        try {
            Path p = Path.of(System.getProperty("java.io.tmpdir"), "eksidp-cli-test-empty-aws-config");
            if (!Files.exists(p)) {
                Files.writeString(p, "");
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child JVM running the CLI in {@code workDir}, without a database from the environment. */
    static ProcessBuilder child(Path workDir, Simulator sim, String name, String... args) {
        return child(workDir, sim, null, name, args);
    }

    /**
     * A child JVM running the CLI in {@code workDir} (created if missing; stdout and stderr to name.out/.err there),
     * configured the standard way (AWS_* environment) to talk to the simulator as the fleet's hub, and to the test
     * PostgreSQL when {@code pg} is given. {@code sim} may be null for commands that never reach AWS.
     */
    static ProcessBuilder child(Path workDir, Simulator sim, TestPostgres pg, String name, String... args) {
        List<String> jvmOptions = new ArrayList<>(CHILD_JVM_OPTIONS);
        jvmOptions.addAll(ChildClassArchive.options(CHILD_JVM_OPTIONS));
        return child(workDir, sim, pg, name, jvmOptions, args);
    }

    /** The same with these JVM options. */
    static ProcessBuilder child(Path workDir, Simulator sim, TestPostgres pg, String name, List<String> jvmOptions,
                                String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Deksidp.terminal=false", "-cp", CHILD_CLASS_PATH, Main.class.getName()));
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
        // The per-user default job repository of a child is under its work directory, never the real one.
        env.put("XDG_DATA_HOME", workDir.resolve("xdg-data").toAbsolutePath().toString());
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

    private static String childClassPath() {
        try {
            Path testClasses = Path.of(CliTestSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !Path.of(entry).toAbsolutePath().equals(testClasses.toAbsolutePath()))
                    .collect(Collectors.joining(File.pathSeparator));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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

    /** What a child named {@code name} wrote to stdout, then stderr. */
    static String output(Path workDir, String name) {
        return read(workDir.resolve(name + ".out")) + read(workDir.resolve(name + ".err"));
    }

    /** Runs a command that does not reach AWS (report, executions) in this JVM, with no AWS properties set. */
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
    static <T> T withDbCredentials(TestPostgres pg, Supplier<T> body) {
        try (SystemProperties db = new SystemProperties().set("eksidp.db.username", pg.user())
                .set("eksidp.db.password", pg.password())) {
            return body.get();
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An H2 file repository in dir, with commits written at once (as the CLI's default). */
    static String repository(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    /** Writes a targets file: the header, then one line per row ("account,region,cluster,oidc,provider"). */
    static Path targets(Path file, List<String> rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String row(String account, String region, String cluster, String provider) {
        return account + "," + region + "," + cluster + ",oidc," + provider;
    }

    /** A CSV report as maps from column name to value, in file order. */
    static List<Map<String, String>> readCsv(Path file) {
        try (CSVReader reader = new CSVReader(Files.newBufferedReader(file))) {
            List<String[]> all = reader.readAll();
            String[] header = all.getFirst();
            List<Map<String, String>> rows = new ArrayList<>();
            for (String[] cells : all.subList(1, all.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < cells.length ? cells[i] : null);
                }
                rows.add(row);
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
