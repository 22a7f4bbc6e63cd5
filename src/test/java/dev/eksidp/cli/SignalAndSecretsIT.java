package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM stops a run cleanly (exit 1, resumable; summary.json and the metrics file say so), and afterwards no secret the simulator issued appears in any
 * file the runs left behind: job repository, logs, console output, reports.
 */
class SignalAndSecretsIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    private Simulator sim;
    private Process running;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sigtermStopsAtAChunkBoundaryThenResumeFinishesAndNoSecretLeaks() throws Exception {
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            String id = "30000000000" + a;
            accounts.add(new Fleet.Account(id, null, null, false, IntStream.range(0, 10)
                    .mapToObj(c -> Fleet.Cluster.of("us-east-1", "c" + c, Fleet.IdentityProvider.oidc("okta"))).toList()));
            IntStream.range(0, 10).forEach(c -> rows.add(CliTestSupport.row(id, "us-east-1", "c" + c, "okta")));
        }
        // 2 calls/s per bucket: 10 targets take about 5 s, so the signal lands while the run works.
        sim = Simulator.start(Fleet.of(accounts).withLimits(new Fleet.Limits(new Fleet.Rate(2, 2), null)), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path reports = dir.resolve("reports");
        String repo = CliTestSupport.repository(dir);
        Path metrics = dir.resolve("metrics/eksidp.prom");

        running = cli.start(work, sim, "apply", "apply", "--yes", "--targets", targets.toString(),
                "--report-dir", reports.toString(), "--job-repository", repo, "--eks-rate", "2",
                "--metrics-file", metrics.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sim.stats().calls("DisassociateIdentityProviderConfig") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        running.destroy();  // SIGTERM

        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String applyOut = CliTestSupport.read(work.resolve("apply.out"));
        assertThat(running.exitValue()).as(applyOut + CliTestSupport.read(work.resolve("apply.err")))
                .isEqualTo(ExitCodes.RESUMABLE);
        assertThat(applyOut).contains("ended STOPPED").contains("resume --execution-id");
        assertThat(reports.resolve("summary.md")).content().contains("STOPPED");
        assertThat(reports.resolve("report.csv")).doesNotExist();
        // The stop is recorded for programs too, before the shutdown hook ends the process.
        assertThat(reports.resolve("summary.json")).content().contains("\"status\" : \"STOPPED\"", "\"exitCode\" : 1");
        assertThat(metrics).content().contains("eksidp_exit_code{mode=\"apply\"} 1\n")
                .doesNotContain("eksidp_last_success_timestamp_seconds");

        running = cli.start(work, sim, "resume", "resume", "--job-repository", repo, "--metrics-file",
                metrics.toString());
        assertThat(running.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(CliTestSupport.read(work.resolve("resume.err"))).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(reports.resolve("report.csv"))).hasSize(31)
                .filteredOn(l -> l.contains(",DISASSOCIATED,")).hasSize(30);
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);
        assertThat(metrics).content().contains("eksidp_exit_code{mode=\"apply\"} 0\n", "eksidp_last_success_timestamp_seconds",
                "eksidp_rows{mode=\"apply\",outcome=\"DISASSOCIATED\"} 30\n");

        List<String> secrets = sim.issuedSecrets();
        assertThat(secrets).isNotEmpty();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".mv.db")).anyMatch(f -> f.toString().endsWith("report.jsonl"))
                .anyMatch(f -> f.toString().endsWith("summary.json")).anyMatch(f -> f.toString().endsWith(".prom"));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as("a secret issued by STS found in " + file).doesNotContain(secret);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(reports))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(reports.resolve("report.csv"))))
                .isEqualTo("rw-------");
    }
}
