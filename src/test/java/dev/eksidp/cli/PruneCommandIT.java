package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * prune on H2 and on a real PostgreSQL: finished runs (plan, discover) older than the cut leave the repository (and executions),
 * newer ones and unfinished ones stay, an unfinished run still resumes afterwards; an H2 file shrinks.
 */
class PruneCommandIT {

    static final String A = "111111111111";
    static final String R = "us-east-1";

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;

    @Test
    void prunesFinishedRunsOlderThanTheCutOnH2AndAnUnfinishedRunStillResumes() throws Exception {
        String repo = CliTestSupport.repository(dir);
        prunesAndResumes(repo, args -> CliTestSupport.run(sim, args), (clock, args) -> CliTestSupport.run(clock, sim, args),
                () -> DriverManager.getConnection(repo));
    }

    @Test
    void prunesFinishedRunsOlderThanTheCutOnPostgres() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String repo = pg.newDatabase();
        prunesAndResumes(repo, args -> CliTestSupport.withDbCredentials(pg, () -> CliTestSupport.run(sim, args)),
                (clock, args) -> CliTestSupport.withDbCredentials(pg, () -> CliTestSupport.run(clock, sim, args)),
                () -> pg.connect(repo));
    }

    /** {@code cliAt} runs a command with Main's clock given: the 4 s cut then falls between the old and recent runs. */
    private void prunesAndResumes(String repo, Function<String[], CliTestSupport.Result> cli,
                                  BiFunction<Clock, String[], CliTestSupport.Result> cliAt, Connector db) throws Exception {
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta"))))), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), List.of(row(A, R, "prod-a", "corp-okta")));
        String old = planRun(cli, repo, targets, dir.resolve("old"));
        // A discover run, with its own staging tables, is pruned the same way.
        var discover = cli.apply(new String[] {"discover", "--account-ids", A, "--regions", R, "--provider-name", "corp-okta",
                "--out", dir.resolve("found.csv").toString(), "--report-dir", dir.resolve("discovery").toString(),
                "--job-repository", repo});
        assertThat(discover.exit()).as(discover.toString()).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM EIR_DISCOVERY_UNIT")).isEqualTo(1);
        // The runs' end times are the JVM's clock (Spring Batch's own); prune's "now" is Main's: fixed so that the
        // cut lies 1 s after the old runs ended and 1 s before the recent one started, however slow the steps between.
        Instant oldEnded = Instant.now();
        Clock pruneNow = Clock.fixed(oldEnded.plusSeconds(1 + 4), ZoneOffset.UTC);
        Thread.sleep(2_000);
        String recent = planRun(cli, repo, targets, dir.resolve("recent"));
        // An unfinished run: a directory stands where its plan.csv goes (--force gets it past the used-directory
        // check), so writing the report fails and the run ends FAILED (exit 1, resumable).
        Path blocked = dir.resolve("blocked");
        Path inTheWay = Files.writeString(Files.createDirectories(blocked.resolve("plan.csv")).resolve("x"), "x");
        var failed = cli.apply(new String[] {"plan", "--force", "--targets", targets.toString(), "--report-dir",
                blocked.toString(), "--job-repository", repo});
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.RESUMABLE);
        assertThat(executions(cli, repo)).hasSize(3);

        var refused = cliAt.apply(pruneNow, new String[] {"prune", "--older-than", "4s", "--job-repository", repo});
        ExitCodesTest.assertUsageError(refused, "prune", "--yes");
        assertThat(executions(cli, repo)).hasSize(3);

        var pruned = cliAt.apply(pruneNow, new String[] {"prune", "--older-than", "4s", "--yes", "--job-repository", repo});
        assertThat(pruned.exit()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("Removed 2 runs and 3 staged rows").contains(old).contains("discover")
                .doesNotContain(recent).doesNotContain("password");
        List<String> left = executions(cli, repo);
        assertThat(left).hasSize(2);
        assertThat(count(db, "SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = '" + old + "'")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM EIR_TARGET")).isEqualTo(2);
        assertThat(count(db, "SELECT COUNT(*) FROM EIR_DISCOVERY_UNIT") + count(db, "SELECT COUNT(*) FROM EIR_DISCOVERY_MATCH")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).isEqualTo(2);
        assertThat(count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isEqualTo(2);

        var all = cli.apply(new String[] {"prune", "--older-than", "0s", "--yes", "--job-repository", repo});
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.out()).contains("Removed 1 runs").contains(recent);
        left = executions(cli, repo);
        assertThat(left).singleElement().asString().contains("FAILED");
        assertThat(count(db, "SELECT COUNT(*) FROM EIR_TARGET WHERE RUN_ID = '" + recent + "'")).isZero();

        Files.delete(inTheWay);
        Files.delete(inTheWay.getParent());
        var resumed = cli.apply(new String[] {"resume", "--job-repository", repo});
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(blocked.resolve("plan.csv")).isRegularFile();

        var nothing = cli.apply(new String[] {"prune", "--older-than", "1d", "--yes", "--job-repository", repo});
        assertThat(nothing.exit()).as(nothing.toString()).isZero();
        assertThat(nothing.out()).contains("Nothing to prune");
    }

    @Test
    void anH2FileShrinksAfterPruningALargeRun() throws Exception {
        // 20,000 rows that fail validation: staged and reported like any row, with no AWS call but the pre-flight's.
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A, Fleet.Cluster.of(R, "prod-a")))), 0);
        List<String> rows = new ArrayList<>();
        String padding = "p".repeat(200);
        for (int i = 0; i < 20_000; i++) {
            rows.add("bad-account-" + i + "," + R + ",cluster-" + i + ",oidc," + padding + i);
        }
        Path targets = CliTestSupport.targets(dir.resolve("large.csv"), rows);
        String repo = CliTestSupport.repository(dir);
        var plan = CliTestSupport.run(sim, "plan", "--targets", targets.toString(), "--report-dir",
                dir.resolve("large").toString(), "--job-repository", repo);
        assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        Path file = dir.resolve("db.mv.db");
        long before = Files.size(file);

        // On a terminal prune shows what it would remove and asks; anything but "yes" removes nothing.
        var declined = CliTestSupport.run(null, true, "no\n", "prune", "--older-than", "0s", "--job-repository", repo);
        assertThat(declined.exit()).as(declined.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(declined.err()).contains("About to remove 1 of 1 runs").contains("not confirmed");
        assertThat(executions(args -> CliTestSupport.run(null, args), repo)).hasSize(1);

        var pruned = CliTestSupport.run(null, "prune", "--older-than", "0s", "--yes", "--job-repository", repo);
        assertThat(pruned.exit()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("Removed 1 runs and 20000 staged rows").contains("Compacted the H2 file");
        long after = Files.size(file);
        assertThat(after).as("H2 file after pruning (%d bytes before)", before).isLessThan(before / 4);
        assertThat(executions(args -> CliTestSupport.run(null, args), repo)).isEmpty();
    }

    private static String planRun(Function<String[], CliTestSupport.Result> cli, String repo, Path targets, Path reports) {
        var r = cli.apply(new String[] {"plan", "--targets", targets.toString(), "--report-dir", reports.toString(),
                "--job-repository", repo});
        assertThat(r.exit()).as(r.toString()).isZero();
        String line = r.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow();
        return line.split(" ")[1];
    }

    /** The rows of 'executions' without its header (and without "(no runs)"). */
    private static List<String> executions(Function<String[], CliTestSupport.Result> cli, String repo) {
        var r = cli.apply(new String[] {"executions", "--job-repository", repo});
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().skip(1).filter(l -> !l.equals("(no runs)") && !l.startsWith("Job repository: ")).toList();
    }

    /** Rows of a table (a run's staged rows, or Spring Batch's executions) straight from the database. */
    private static long count(Connector db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Connector {
        Connection connect() throws Exception;
    }
}
