package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.eksidp.cli.CliTestSupport.child;
import static dev.eksidp.cli.CliTestSupport.exit;
import static dev.eksidp.cli.CliTestSupport.output;
import static dev.eksidp.cli.CliTestSupport.readCsv;
import static dev.eksidp.cli.CliTestSupport.targets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI in child JVMs against a real PostgreSQL job repository (started by the test on loopback): a run killed
 * in one process is resumed by another in another working directory; two runs of the same targets do not
 * overlap; a live run is never recovered under its process; run history reads from PostgreSQL.
 */
class PostgresRepositoryIT {

    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    private static final String A = "111111111111";
    private static final String B = "222222222222";

    static TestPostgres pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        pg = TestPostgres.get();
    }

    /** n clusters per account in one region (one bucket per account), each with provider okta. */
    private static Fleet fleet(int clustersPerAccount) {
        List<Account> accounts = new ArrayList<>();
        for (String account : List.of(A, B)) {
            List<Cluster> clusters = new ArrayList<>();
            for (int i = 0; i < clustersPerAccount; i++) {
                clusters.add(Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta")));
            }
            accounts.add(new Account(account, null, null, false, clusters));
        }
        return Fleet.of(accounts);
    }

    private static List<String> rows(int clustersPerAccount) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < clustersPerAccount; i++) {
            for (String account : List.of(A, B)) {
                rows.add(account + ",us-east-1,c" + i + ",oidc,okta");
            }
        }
        return rows;
    }

    private static long done(String url) throws Exception {
        try (Connection c = pg.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM EIR_TARGET WHERE OUTCOME IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYetCreated) {
            return 0;
        }
    }

    @Test
    void aRunKilledInOneProcessIsResumedByAnotherThroughTheSharedRepository() throws Exception {
        String url = pg.newDatabase();
        // Two buckets of 30: outcomes commit per chunk of 10, so a kill after the first chunks leaves most to do.
        List<String> rows = new ArrayList<>(rows(30));
        rows.add("12345,us-east-1,c0,oidc,okta");        // INVALID_TARGET
        rows.add(A + ",us-east-1,c0,oidc,okta");         // DUPLICATE of line 2
        Path file = targets(tmp.resolve("in/targets.csv"), rows);
        Path reports = tmp.resolve("reports");
        try (Simulator sim = Simulator.start(fleet(30), 0)) {
            Process first = cli.start(child(tmp.resolve("host-a"), sim, pg, "apply", "apply", "--yes", "--targets",
                    file.toString(), "--job-repository", url, "--report-dir", reports.toString(),
                    "--eks-rate", "4", "--eks-burst", "1", "--max-concurrency", "4"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            long t0 = System.nanoTime();
            while (done(url) < 12 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as(output(tmp.resolve("host-a"), "apply")).isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no stop recorded
            first.waitFor();
            System.out.printf("killed the first process after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            long before = done(url);
            assertThat(before).isLessThan(rows.size());

            Process second = cli.start(child(tmp.resolve("host-b"), sim, pg, "resume", "resume", "--job-repository", url));
            long t1 = System.nanoTime();
            int code = exit(second, 120);
            System.out.printf("resume took %d ms%n", (System.nanoTime() - t1) / 1_000_000);
            String out = output(tmp.resolve("host-b"), "resume");
            assertThat(code).as(out).isEqualTo(ExitCodes.NEEDS_ATTENTION);
            assertThat(out).contains("left STARTED by a process that is gone");

            List<Map<String, String>> report = readCsv(reports.resolve("report.csv"));
            assertThat(report).extracting(r -> r.get("line"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(2, rows.size() + 1)
                            .mapToObj(Integer::toString).toList());
            Map<String, Long> outcomes = report.stream().collect(Collectors.groupingBy(r -> r.get("outcome"), Collectors.counting()));
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("DISASSOCIATED", 60L, "INVALID_TARGET", 1L, "DUPLICATE", 1L));
            assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);
            assertThat(Files.readString(reports.resolve("summary.md"))).contains("| DISASSOCIATED | 60 |");

            CliTestSupport.Result history = CliTestSupport.inProcessWithDb(pg, "executions", "--job-repository", url,
                    "--status", "COMPLETED");
            assertThat(history.exit()).as(history.toString()).isZero();
            assertThat(history.out()).contains("COMPLETED").contains("DISASSOCIATED=60");
            CliTestSupport.Result failed = CliTestSupport.inProcessWithDb(pg, "executions", "--job-repository", url,
                    "--status", "FAILED");
            assertThat(failed.out()).as(failed.toString()).contains("(no runs)");
        }
    }

    @Test
    void twoRunsOfTheSameTargetsStartedTogetherOneRunsTheOtherExitsBusyAndALaterRunIsAllowed() throws Exception {
        String url = pg.newDatabase();
        List<String> rows = rows(20);
        // Same content under two names and paths: the lock is on the content, not the path.
        Path file1 = targets(tmp.resolve("ops1/targets.csv"), rows);
        Path file2 = targets(tmp.resolve("ops2/copy-of-targets.csv"), rows);
        try (Simulator sim = Simulator.start(fleet(20), 0)) {
            // Two EKS calls a row (the config is read, then disassociated): 40 calls at 4/s.
            String[] common = {"--yes", "--job-repository", url, "--eks-rate", "4", "--eks-burst", "1"};
            Process p1 = cli.start(child(tmp.resolve("one"), sim, pg, "apply", concat(new String[] {"apply", "--targets",
                    file1.toString(), "--report-dir", tmp.resolve("r1").toString()}, common)));
            Process p2 = cli.start(child(tmp.resolve("two"), sim, pg, "apply", concat(new String[] {"apply", "--targets",
                    file2.toString(), "--report-dir", tmp.resolve("r2").toString()}, common)));
            // Whichever takes the lock first runs (about 10 s at this rate); the other must give up at once.
            Process loser = null;
            Process winner = null;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (loser == null && System.nanoTime() < deadline) {
                if (!p1.isAlive()) {
                    loser = p1;
                    winner = p2;
                } else if (!p2.isAlive()) {
                    loser = p2;
                    winner = p1;
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(loser).as("one of the two runs must end first").isNotNull();
            Path loserDir = tmp.resolve(loser == p1 ? "one" : "two");
            Path winnerDir = tmp.resolve(loser == p1 ? "two" : "one");
            String loserOut = output(loserDir, "apply");
            assertThat(loser.exitValue()).as(loserOut).isEqualTo(ExitCodes.BUSY);
            assertThat(loserOut).contains("another apply run on the same targets").contains("nothing was done");
            assertThat(winner.isAlive()).as("the winner is still running: " + output(winnerDir, "apply")).isTrue();

            // resume must not recover the live run from under its process.
            CliTestSupport.Result resume = CliTestSupport.inProcessWithDb(pg, "resume", "--job-repository", url);
            assertThat(resume.exit()).as(resume.toString()).isEqualTo(ExitCodes.BUSY);
            assertThat(resume.err()).contains("still running in another process");
            assertThat(winner.isAlive()).isTrue();

            assertThat(exit(winner, 120)).as(output(winnerDir, "apply")).isEqualTo(ExitCodes.OK);
            assertThat(readCsv(tmp.resolve(loser == p1 ? "r2" : "r1").resolve("report.csv"))).hasSize(rows.size())
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            assertThat(tmp.resolve(loser == p1 ? "r1" : "r2")).doesNotExist();
            assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);

            // Later, the same targets again, from a reviewed job file that names the repository; the command line wins.
            Path job = Files.writeString(tmp.resolve("later.yml"), String.join("\n",
                    "mode: apply",
                    "targets: " + file1,
                    "job-repository: " + url,
                    "report-dir: " + tmp.resolve("r3"),
                    "eks-rate: 0.5",
                    ""));
            Process later = cli.start(child(tmp.resolve("three"), sim, pg, "apply", "apply", "--job", job.toString(),
                    "--yes", "--eks-rate", "50"));
            assertThat(exit(later, 120)).as(output(tmp.resolve("three"), "apply")).isEqualTo(ExitCodes.OK);
            assertThat(readCsv(tmp.resolve("r3/report.csv"))).hasSize(rows.size())
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("ALREADY_ABSENT"));
            try (Connection c = pg.connect(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
