package dev.eksidp.cli;

import dev.eksidp.job.RunIntents;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** What resume says and does when it is given something to resume, nothing, or something that does not exist. */
class ResumeCommandIT {

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;
    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();
    Process running;

    /**
     * The resume command a stopped run prints, pasted into a shell in another directory, finishes the run: it names
     * the launcher by its absolute path, and the default job repository is the user's wherever the command runs
     * (its directory and files owner-only).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thePrintedResumeCommandWorksWhenPastedAnywhere() throws Exception {
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            rows.add(row("610000000000", "us-east-1", "c" + c, "okta"));
        }
        accounts.add(Fleet.Account.of("610000000000", rows.stream()
                .map(r -> Fleet.Cluster.of("us-east-1", r.split(",")[2], Fleet.IdentityProvider.oidc("okta")))
                .toArray(Fleet.Cluster[]::new)));
        sim = Simulator.start(Fleet.of(accounts).withLimits(new Fleet.Limits(new Fleet.Rate(2, 1), null)), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path work = Files.createDirectories(dir.resolve("work with space"));
        Path launcher = launcherScript(dir.resolve("bin/eks-idp-remediation"));

        ProcessBuilder apply = CliTestSupport.child(work, sim, "apply", "apply", "--yes", "--targets", targets.toString(),
                "--report-dir", dir.resolve("reports").toString(), "--eks-rate", "2", "--eks-burst", "1");
        apply.command().add(1, "-Deksidp.launcher=" + launcher);
        running = cli.start(apply);
        assertThat(StopResumeIT.await(running, () -> sim.stats().calls("DisassociateIdentityProviderConfig") > 2)).isTrue();
        running.destroy();
        assertThat(CliTestSupport.exit(running, 30)).isEqualTo(ExitCodes.RESUMABLE);
        String out = CliTestSupport.read(work.resolve("apply.out"));
        List<String> lines = out.lines().toList();
        String pasted = lines.get(lines.indexOf("Nothing done is lost; continue with:") + 1).trim();
        assertThat(pasted).startsWith(launcher + " resume --execution-id ");

        ProcessBuilder shell = new ProcessBuilder("bash", "-c", pasted).directory(Path.of("/").toFile())
                .redirectOutput(dir.resolve("pasted.out").toFile()).redirectError(dir.resolve("pasted.err").toFile());
        shell.environment().putAll(apply.environment());
        running = cli.start(shell);
        assertThat(CliTestSupport.exit(running, 90)).as(CliTestSupport.read(dir.resolve("pasted.err"))).isEqualTo(ExitCodes.OK);
        assertThat(CliTestSupport.readCsv(dir.resolve("reports/report.csv"))).hasSize(12)
                .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);

        Path userData = Path.of(apply.environment().get("XDG_DATA_HOME"), "eks-idp-remediation");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(userData))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(userData.resolve("jobs.mv.db"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anUnknownExecutionIsAUsageErrorInOneLine() {
        String repo = CliTestSupport.repository(dir);
        CliTestSupport.Result result = CliTestSupport.run(null, "resume", "--execution-id", "99", "--job-repository", repo);

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: no execution 99 in ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(2);
    }

    /** A run killed after it printed its id but before Spring Batch recorded it changed nothing, and resume says so. */
    @Test
    void aRunKilledBeforeItsJobExistedIsExplainedWithTheCommandToStartItAgain() throws Exception {
        RepositoryOptions repository = new RepositoryOptions();
        repository.jobRepository = CliTestSupport.repository(dir) + ";DB_CLOSE_DELAY=0";
        try (BatchContext batch = BatchContext.open(repository, new CliEnvironment(System.out, System.err, new java.io.BufferedReader(new java.io.StringReader("")), false), 4)) {
            batch.bean(RunIntents.class).record("20261201T000000Z-abcdef", "APPLY",
                    "eks-idp-remediation apply --targets t.csv --yes", Instant.parse("2026-12-01T00:00:00Z"));
        }

        CliTestSupport.Result result = CliTestSupport.run(null, "resume", "--job-repository", repository.jobRepository);

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("run 20261201T000000Z-abcdef (apply, 2026-12-01T00:00:00Z) was stopped before it "
                + "made any AWS call; nothing was changed. Start it again with: eks-idp-remediation apply --targets t.csv --yes");
    }

    @Test
    void theHintQuotesWhatAShellWouldSplitAndNamesAnExplicitRepository() {
        RepositoryOptions shared = new RepositoryOptions();
        shared.jobRepository = "jdbc:postgresql://db.internal/eksidp";
        assertThat(new ResumeHint("/opt/eks idp/bin/eks-idp-remediation", shared, new AwsOptions()).resume(7))
                .isEqualTo("'/opt/eks idp/bin/eks-idp-remediation' resume --execution-id 7 "
                        + "--job-repository jdbc:postgresql://db.internal/eksidp");
        shared.jobRepository = "jdbc:postgresql://db/eksidp?user=ops&password=secret";
        assertThat(new ResumeHint("eks-idp-remediation", shared, new AwsOptions()).resume(7))
                .doesNotContain("secret").endsWith("--job-repository 'jdbc:postgresql://db/eksidp?…'");
    }

    /** A launcher like scripts/eks-idp-remediation: it starts the CLI in this test's class path. */
    private static Path launcherScript(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(file, "#!/bin/sh\nexec '" + java + "' -Xmx256m -XX:TieredStopAtLevel=1 -Deksidp.terminal=false"
                + " -Deksidp.launcher=\"$0\" -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
                + " \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
