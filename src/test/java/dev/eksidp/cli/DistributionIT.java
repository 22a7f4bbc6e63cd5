package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution that {@code mvn package} builds (target/dist), as an operations team installs it: the archive
 * unpacked into a directory nobody may write, run by a throwaway system user whose home is read-only too, against
 * the simulator. The JVM must not add a word to stdout or stderr, and the exit code is the tool's, with and without
 * a writable place for the class-data archive. Also: the Dockerfile copies that distribution, and the Kubernetes
 * manifest runs its launcher with command lines the CLI accepts. Runs after package (failsafe).
 */
class DistributionIT {

    static final Path DIST = Path.of("target/dist/eks-idp-remediation").toAbsolutePath();
    static final Path TARBALL = Path.of("target/dist/eks-idp-remediation.tar.gz").toAbsolutePath();
    static final String A = "111111111111";
    static final String R = "us-east-1";
    /** Anything the JVM itself prints: unified logging lines, launcher warnings, CDS failures, VM errors. */
    static final Pattern JVM_NOISE = Pattern.compile(
            "\\[(warning|error|info|debug) *\\]|^WARNING:|Unable to use shared archive|Error occurred during initialization of VM"
                    + "|OpenJDK|HotSpot|sun\\.misc\\.Unsafe", Pattern.MULTILINE);

    static Path base;
    static String user;
    static Simulator sim;

    @BeforeAll
    static void install() throws Exception {
        assertThat(DIST.resolve("bin/eks-idp-remediation")).as("run 'mvn package' first").isExecutable();
        base = Files.createTempDirectory("eksidp-dist-it-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path opt = Files.createDirectories(base.resolve("opt"));
        run(List.of("tar", "-xzf", TARBALL.toString(), "-C", opt.toString()));
        // Nobody may write the installation, nor the user's home.
        run(List.of("chmod", "-R", "a-w", opt.toString()));
        Path home = Files.createDirectories(base.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                Fleet.Cluster.of(R, "prod-b", Fleet.IdentityProvider.oidc("corp-okta"))))).withUpdateDurationMs(100), 0);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (sim != null) {
            sim.close();
        }
        if (user != null) {
            run(List.of("userdel", user));
            // The JVM's performance-data directory of that user, under the temp directory.
            run(List.of("rm", "-rf", Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + user).toString()));
        }
        if (base != null) {
            run(List.of("chmod", "-R", "u+w", base.toString()));
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A system user with base/home (read-only) as its home, made once; skipped (failed under CI) when impossible. */
    private static synchronized String user() throws Exception {
        if (user == null) {
            String reason = null;
            if (!"root".equals(System.getProperty("user.name"))) {
                reason = "not root: cannot create a throwaway user to run the distribution as";
            } else if (!Files.isExecutable(Path.of("/usr/sbin/useradd")) || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
                reason = "useradd or runuser missing";
            }
            if (reason != null) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(reason + " (required under CI=true)");
                }
                Assumptions.abort(reason);
            }
            String name = "eksidp-it-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                    (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
            run(List.of("/usr/sbin/useradd", "--system", "--no-create-home", "--home-dir", base.resolve("home").toString(),
                    "--shell", "/usr/sbin/nologin", name));
            user = name;
        }
        return user;
    }

    /** A working directory the user owns (reports, the H2 file), with a targets file in it. */
    private static Path workDir(String name) throws Exception {
        Path work = Files.createDirectories(base.resolve(name));
        CliTestSupport.targets(work.resolve("targets.csv"), List.of(CliTestSupport.row(A, R, "prod-a", "corp-okta"),
                CliTestSupport.row(A, R, "prod-b", "corp-okta")));
        run(List.of("chown", "-R", user(), work.toString()));
        return work;
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** The installed launcher as the throwaway user, in work, with a clean environment and the simulator as AWS. */
    private static Run installed(Path work, String cacheHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", user(), "--", "env", "-i",
                "PATH=/usr/bin:/bin", "HOME=" + base.resolve("home"), "JAVA_HOME=" + System.getProperty("java.home"),
                "AWS_ENDPOINT_URL=" + sim.endpoint(), "AWS_ACCESS_KEY_ID=" + Fleet.Hub.DEFAULT.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY=" + Fleet.Hub.DEFAULT.secretAccessKey(), "AWS_REGION=" + R,
                "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                // The home is read-only, so the per-user job repository goes where XDG_DATA_HOME says, as a user
                // with a read-only home would set it.
                "XDG_DATA_HOME=" + work.resolve("xdg-data")));
        if (cacheHome != null) {
            command.add("XDG_CACHE_HOME=" + cacheHome);
        }
        command.add(base.resolve("opt/eks-idp-remediation/bin/eks-idp-remediation").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("eksidp-it", ".out");
        Path err = Files.createTempFile("eksidp-it", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the installed tool did not finish within 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void assertNoJvmOutput(Run r) {
        assertThat(JVM_NOISE.matcher(r.out()).find()).as("JVM output on stdout: %s", r).isFalse();
        assertThat(JVM_NOISE.matcher(r.err()).find()).as("JVM output on stderr: %s", r).isFalse();
    }

    @Test
    void runsFromAReadOnlyInstallAsAUserWithAReadOnlyHomeWithItsOwnExitCodesAndNoJvmOutput() throws Exception {
        Path work = workDir("work-readonly-home");
        Run plan = installed(work, null, "plan", "--targets", "targets.csv", "--report-dir", "reports/plan");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertNoJvmOutput(plan);
        assertThat(plan.out()).contains("WOULD_DISASSOCIATE=2");
        assertThat(work.resolve("reports/plan/plan.csv")).exists();

        Run apply = installed(work, null, "apply", "--targets", "targets.csv", "--yes", "--report-dir", "reports/apply");
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertNoJvmOutput(apply);
        assertThat(apply.out()).contains("DISASSOCIATED=2");
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).isNotEqualTo("ACTIVE");

        // A finished run is not resumable: exit 64 (nothing to resume), not the 1 a failed archive dump used to add.
        Run resume = installed(work, null, "resume");
        assertThat(resume.exit()).as(resume.toString()).isEqualTo(ExitCodes.USAGE);
        assertNoJvmOutput(resume);

        // stdout carries only the tool's output: a script can parse it.
        Run json = installed(work, null, "executions", "--output", "json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.err()).isEmpty();
        JsonNode runs = new ObjectMapper().readTree(json.out());
        assertThat(runs).hasSize(2);
        assertThat(base.resolve("home").toFile().list()).isEmpty();
    }

    @Test
    void aWritableCacheGetsAClassDataArchiveOnTheFirstRunAndNeitherRunPrintsAJvmLine() throws Exception {
        Path work = workDir("work-cache");
        String cache = work.resolve("cache").toString();
        for (int i = 0; i < 2; i++) {
            Run plan = installed(work, cache, "plan", "--targets", "targets.csv", "--report-dir", "reports/plan-" + i);
            assertThat(plan.exit()).as(plan.toString()).isZero();
            assertNoJvmOutput(plan);
        }
        try (Stream<Path> archives = Files.list(work.resolve("cache/eks-idp-remediation"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".jsa");
        }
        Run badFlag = installed(work, cache, "plan", "--no-such-flag");
        assertThat(badFlag.exit()).as(badFlag.toString()).isEqualTo(ExitCodes.USAGE);
        assertNoJvmOutput(badFlag);
    }

    @Test
    void theDockerfileCopiesTheDistributionAndTheManifestRunsItsLauncherWithCommandLinesTheCliAccepts(@TempDir Path jobs)
            throws Exception {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:21-jre");
        // The build context is target/dist: every COPY source is there; the entrypoint is the copied launcher.
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
        assertThat(copy.find()).as("a COPY line").isTrue();
        Path source = DIST.getParent().resolve(copy.group(1));
        String installDir = copy.group(2);
        assertThat(source).isEqualTo(DIST);
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\"]").matcher(dockerfile);
        assertThat(entrypoint.find()).as("an exec-form ENTRYPOINT").isTrue();
        String launcher = entrypoint.group(1);
        assertThat(launcher).startsWith(installDir + "/");
        assertThat(DIST.resolve(launcher.substring(installDir.length() + 1))).isExecutable();

        List<JsonNode> documents = new ArrayList<>();
        try (var values = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .<JsonNode>readValues(Files.readString(Path.of("jobs/kubernetes-cronjob.yaml")))) {
            values.forEachRemaining(documents::add);
        }
        Map<String, String> jobFiles = new java.util.HashMap<>();
        documents.stream().filter(d -> "ConfigMap".equals(d.path("kind").asText()))
                .forEach(d -> d.path("data").properties().forEach(e -> jobFiles.put(e.getKey(), e.getValue().asText())));
        List<JsonNode> containers = documents.stream().filter(d -> "CronJob".equals(d.path("kind").asText()))
                .flatMap(d -> stream(d.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                        .path("containers"))).toList();
        assertThat(containers).hasSizeGreaterThanOrEqualTo(2);
        List<String> commands = new ArrayList<>();
        for (JsonNode container : containers) {
            assertThat(container.path("command").get(0).asText()).as("the image's launcher").isEqualTo(launcher);
            List<String> args = new ArrayList<>();
            for (JsonNode a : container.path("args")) {
                String arg = a.asText();
                // A job file comes from the ConfigMap mounted at /jobs: parse the manifest's own copy.
                if (arg.startsWith("/jobs/")) {
                    String name = arg.substring("/jobs/".length());
                    assertThat(jobFiles).containsKey(name);
                    arg = Files.writeString(jobs.resolve(name), jobFiles.get(name)).toString();
                }
                args.add(arg);
            }
            commands.add(args.getFirst());
            args.add("--help");
            CliTestSupport.Result parsed = CliTestSupport.inProcess(args.toArray(String[]::new));
            assertThat(parsed.exit()).as("%s: %s", args, parsed).isZero();
        }
        assertThat(commands).contains("apply", "prune");
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
