package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.eksidp.cli.CliTestSupport.row;
import static dev.eksidp.cli.ExitCodesTest.A;
import static dev.eksidp.cli.ExitCodesTest.R;
import static dev.eksidp.cli.ExitCodesTest.fleet;
import static org.assertj.core.api.Assertions.assertThat;

/** Exit 75 (busy) against an apply running in a child JVM: the one exit code that needs a second process. */
class ExitCodesIT {

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;

    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    /**
     * While an apply holds the H2 repository (AUTO_SERVER serves it), executions lists it and a plan of the same
     * targets runs; another apply of the same targets and a resume of the running run are refused (75) by the file
     * locks, without disturbing it.
     */
    @Test
    void aRunningApplyLeavesTheRepositoryReadableAndItsTargetsLocked() throws Exception {
        // Every call takes 1 s and the updates a minute: the child's apply --wait holds the H2 file for over a minute,
        // longer than everything below takes.
        sim = Simulator.start(fleet().withLatency(new Fleet.Latency(1000, 1000)).withUpdateDurationMs(60_000), 0);
        Path work = dir.resolve("child");
        Path file = CliTestSupport.targets(dir.resolve("targets.csv"),
                List.of(row(A, R, "prod-a", "corp-okta"), row(A, R, "prod-b", "corp-okta")));
        String repo = CliTestSupport.repository(dir);
        Process child = cli.start(work, sim, "apply", "apply", "--yes", "--targets", file.toString(),
                "--report-dir", dir.resolve("reports").toString(), "--job-repository", repo, "--wait", "--wait-poll", "1");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!CliTestSupport.read(work.resolve("apply.out")).contains("Run ") && System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as(CliTestSupport.read(work.resolve("apply.err"))).isTrue();
            Thread.sleep(50);
        }
        assertThat(child.isAlive()).isTrue();
        String runId = CliTestSupport.read(work.resolve("apply.out")).lines().filter(l -> l.startsWith("Run "))
                .findFirst().orElseThrow().split(" ")[1];

        // The run id is printed just before its job execution is created: give the apply a moment.
        CliTestSupport.Result executions = null;
        for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < until; Thread.sleep(200)) {
            executions = CliTestSupport.run(null, "executions", "--job-repository", repo);
            assertThat(executions.exit()).as(executions.toString()).isZero();
            if (executions.out().contains(runId)) {
                break;
            }
        }
        assertThat(executions.out()).contains(runId).containsPattern("apply\\s+START(ING|ED)");

        for (String[] args : List.of(
                new String[]{"apply", "--yes", "--targets", file.toString(), "--report-dir", dir.resolve("r2").toString(),
                        "--job-repository", repo},
                new String[]{"resume", "--job-repository", repo})) {
            var r = CliTestSupport.run(sim, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(ExitCodes.BUSY);
            assertThat(r.err()).containsAnyOf("another apply run on the same targets", "still running in another process")
                    .doesNotContain("\tat ");
        }
        assertThat(child.isAlive()).as("the holder was not disturbed").isTrue();
        var plan = CliTestSupport.run(sim, "plan", "--targets", file.toString(), "--report-dir",
                dir.resolve("plan").toString(), "--job-repository", repo);
        assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.OK);
    }
}
