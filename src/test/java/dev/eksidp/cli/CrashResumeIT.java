package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * apply in a child JVM, killed with SIGKILL at random moments, then resume, killed again, and so on, until a resume
 * finishes. The run must end as if it had never been interrupted: one report line per input row in input order,
 * every provider changed by at most one request, outcomes that agree with the simulator.
 */
class CrashResumeIT {

    static final long SEED = 20261123L;
    static final int KILLS = 10;
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;
    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();
    Process running;

    /** What a row is expected to become. */
    enum Kind { ELIGIBLE, ABSENT, DUPLICATE, INVALID }

    record Input(String account, String region, String cluster, String provider, Kind kind) {
        String csv() {
            return row(account, region, cluster, provider);
        }
    }

    /**
     * Kills at any moment after the job starts: during the load, during the split into partitions, while buckets
     * are worked on, late. With this seed a kill lands while the remediate step creates its partition step
     * executions (which once made every later resume fail).
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killedAtAnyMomentThenResumedEndsAsIfUninterrupted() throws Exception {
        scenario();
    }

    /**
     * The state a kill during the split leaves, made deterministic: the apply is killed while working, then the step
     * executions of some partitions are removed from the repository, as if the process had died before the
     * splitter created them. resume must create them afresh, with their bucket, and finish the run.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void resumeAfterAKillDuringThePartitionSplitFinishesTheRun() throws Exception {
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            String id = String.format("2000000000%02d", a);
            accounts.add(Fleet.Account.of(id, Fleet.Cluster.of("us-east-1", "prod", Fleet.IdentityProvider.oidc("corp-okta"))));
            rows.add(row(id, "us-east-1", "prod", "corp-okta"));
        }
        sim = Simulator.start(Fleet.of(accounts).withUpdateDurationMs(100), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        String repo = CliTestSupport.repository(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        long assumeRolesBefore = sim.stats().calls("AssumeRole");
        // One role per second: the run is still working when it is killed.
        running = cli.start(CliTestSupport.child(work, sim, "apply", "apply", "--yes", "--targets", targets.toString(),
                "--report-dir", dir.resolve("reports").toString(), "--job-repository", repo, "--sts-rate", "1"));
        assertThat(awaitWork(running, sim, assumeRolesBefore)).as(CliTestSupport.read(work.resolve("apply.err"))).isTrue();
        running.destroyForcibly();
        running.waitFor(30, TimeUnit.SECONDS);

        int removed;
        try (var c = DriverManager.getConnection(repo)) {
            c.setAutoCommit(false);
            String unfinished = "SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE "
                    + "'remediateBucket:%' AND STATUS <> 'COMPLETED'";
            c.createStatement().executeUpdate("DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (" + unfinished + ")");
            removed = c.createStatement().executeUpdate("DELETE FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID IN (" + unfinished + ")");
            c.commit();
        }
        assertThat(removed).as("partitions still unfinished when the apply was killed").isPositive();

        var resumed = CliTestSupport.run(sim, "resume", "--job-repository", repo);

        assertThat(resumed.exit()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(CliTestSupport.readCsv(dir.resolve("reports/report.csv"))).extracting(m -> m.get("outcome"))
                .isSubsetOf("DISASSOCIATED", "ALREADY_ABSENT").hasSize(6);
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);
    }

    void scenario() throws Exception {
        Random random = new Random(SEED);
        List<Fleet.Account> accounts = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        for (int a = 0; a < 40; a++) {
            String id = String.format("1000000000%02d", a);
            List<Fleet.Cluster> clusters = new ArrayList<>();
            for (String region : a % 2 == 0 ? REGIONS : REGIONS.subList(0, 1)) {
                for (int c = 0; c < 2; c++) {
                    String name = "cluster-" + region + "-" + c;
                    // One OIDC config per cluster, as EKS allows; some clusters are busy with another update
                    // for their first change, so the busy-cluster pass runs across the kills too.
                    String provider = "idp-" + c;
                    inputs.add(new Input(id, region, name, provider, Kind.ELIGIBLE));
                    clusters.add(new Fleet.Cluster(region, name, "ACTIVE", c == 0 ? 0 : random.nextInt(2),
                            List.of(Fleet.IdentityProvider.oidc(provider))));
                }
            }
            accounts.add(new Fleet.Account(id, null, null, false, clusters));
        }
        Collections.shuffle(inputs, random);
        // Rows needing no change or attention, spread through the file.
        inputs.add(17, new Input("100000000003", "us-east-1", "cluster-us-east-1-0", "never-there", Kind.ABSENT));
        inputs.add(60, new Input("100000000010", "eu-west-1", "cluster-eu-west-1-1", "never-there", Kind.ABSENT));
        inputs.add(101, new Input("100000000021", "us-east-1", "cluster-us-east-1-1", "never-there", Kind.ABSENT));
        Input first = inputs.get(5);
        inputs.add(90, new Input(first.account(), first.region(), first.cluster(), first.provider(), Kind.DUPLICATE));
        Input other = inputs.get(120);
        inputs.add(inputs.size(), new Input(other.account(), other.region(), other.cluster(), other.provider(), Kind.DUPLICATE));
        inputs.add(44, new Input("1234", "us-east-1", "cluster-us-east-1-0", "idp-0", Kind.INVALID));
        long eligible = inputs.stream().filter(i -> i.kind() == Kind.ELIGIBLE).count();
        long actionable = inputs.stream().filter(i -> i.kind() == Kind.ELIGIBLE || i.kind() == Kind.ABSENT).count();
        assertThat(eligible).isEqualTo(120);

        sim = Simulator.start(Fleet.of(accounts)
                .withLimits(new Fleet.Limits(new Fleet.Rate(20, 20), null))
                .withLatency(new Fleet.Latency(20, 80))
                .withUpdateDurationMs(500), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), inputs.stream().map(Input::csv).toList());
        Path reports = dir.resolve("reports");
        String repo = CliTestSupport.repository(dir);
        Path work = Files.createDirectories(dir.resolve("work"));

        // STS at 2/s for 40 accounts: a whole run takes 20 s or more, so every kill lands while there is work left
        // (at 4/s, on an idle machine, the ninth resume finished the run before the tenth kill's delay ran out).
        String[] apply = {"apply", "--yes", "--targets", targets.toString(), "--report-dir", reports.toString(),
                "--job-repository", repo, "--eks-rate", "10", "--sts-rate", "2", "--backoff", "50",
                "--busy-backoff", "200", "--max-concurrency", "16"};
        String[] resume = {"resume", "--job-repository", repo};

        List<String> log = new ArrayList<>();
        int kills = 0;
        int midRemediationKills = 0;
        int finalExit = -1;
        for (int attempt = 0; attempt < 40 && finalExit < 0; attempt++) {
            boolean fresh = executions(repo) == 0;
            String name = (fresh ? "apply-" : "resume-") + attempt;
            running = cli.start(CliTestSupport.child(work, sim, name, fresh ? apply : resume));
            String marker = fresh ? "Run " : "Resuming run ";
            boolean started = awaitMarker(running, work.resolve(name + ".out"), marker);
            if (kills < KILLS && started) {
                long delay = killDelay(kills, fresh, random);
                if (!running.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    running.destroyForcibly();
                    running.waitFor(30, TimeUnit.SECONDS);
                    boolean loaded = CliTestSupport.read(work.resolve(name + ".err")).contains("Loaded ");
                    if (executions(repo) == 0) {
                        // Killed before the job was recorded: no run to resume, so not a kill of a working run.
                        log.add(name + ": killed " + delay + " ms after '" + marker.trim() + "' before the job was recorded");
                        System.out.println(log.getLast() + "\n" + CliTestSupport.read(work.resolve(name + ".out"))
                                + CliTestSupport.read(work.resolve(name + ".err")));
                        continue;
                    }
                    kills++;
                    if (completed(repo)) {
                        // The kill came after the run had completed (its reports written): nothing is left to
                        // resume, and the run's own exit code is the one its summary.json recorded.
                        log.add(name + ": killed " + delay + " ms after '" + marker.trim() + "', after the run completed");
                        finalExit = new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(reports.resolve("summary.json").toFile()).path("exitCode").asInt();
                        continue;
                    }
                    long pending = pending(repo);
                    if (pending > 0 && pending < actionable) {
                        midRemediationKills++;
                    }
                    log.add(name + ": killed " + delay + " ms after '" + marker.trim() + "', loaded " + loaded
                            + ", pending " + pending);
                    System.out.println(log.getLast());
                    continue;
                }
            }
            assertThat(running.waitFor(150, TimeUnit.SECONDS)).as(name + " finishes").isTrue();
            int exit = running.exitValue();
            log.add(name + ": exit " + exit);
            String output = CliTestSupport.read(work.resolve(name + ".out")) + CliTestSupport.read(work.resolve(name + ".err"));
            assertThat(exit).as(name + "\n" + String.join("\n", log) + "\n" + output)
                    .isIn(ExitCodes.OK, ExitCodes.RESUMABLE, ExitCodes.NEEDS_ATTENTION);
            if (exit != ExitCodes.RESUMABLE) {
                finalExit = exit;
            }
        }
        String history = String.join("\n", log) + "\n" + sim.stats().toMap();
        System.out.println(history);

        assertThat(kills).as(history).isGreaterThanOrEqualTo(KILLS);
        assertThat(midRemediationKills).as("kills that left some but not all rows done\n" + history).isPositive();
        // INVALID_TARGET and DUPLICATE rows need attention.
        assertThat(finalExit).as(history).isEqualTo(ExitCodes.NEEDS_ATTENTION);

        List<Map<String, String>> report = CliTestSupport.readCsv(reports.resolve("report.csv"));
        assertThat(report).as("one line per input row").hasSize(inputs.size());
        assertThat(Files.readAllLines(reports.resolve("report.jsonl"))).hasSize(inputs.size());
        assertThat(reports.resolve("summary.md")).exists();
        int disassociated = 0;
        int absentAfterKill = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Map<String, String> line = report.get(i);
            String what = "line " + (i + 2) + " " + in + " -> " + line;
            assertThat(line.get("line")).as(what).isEqualTo(Integer.toString(i + 2));
            assertThat(line.get("account_id")).as(what).isEqualTo(in.account());
            assertThat(line.get("region")).as(what).isEqualTo(in.region());
            assertThat(line.get("cluster_name")).as(what).isEqualTo(in.cluster());
            assertThat(line.get("provider_name")).as(what).isEqualTo(in.provider());
            String outcome = line.get("outcome");
            int changes = sim.stats().changes(in.account(), in.region(), in.cluster(), in.provider());
            Optional<String> status = sim.providerStatus(in.account(), in.region(), in.cluster(), in.provider());
            switch (in.kind()) {
                case ELIGIBLE -> {
                    assertThat(outcome).as(what).isIn("DISASSOCIATED", "ALREADY_ABSENT");
                    assertThat(changes).as("changed by exactly one request: " + what).isEqualTo(1);
                    assertThat(status).as(what).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                            s -> assertThat(s).contains("DELETING"));
                    if (outcome.equals("DISASSOCIATED")) {
                        disassociated++;
                        assertThat(line.get("update_id")).as(what).isNotBlank();
                    } else {
                        // Only a killed run's accepted (and since finished) update explains an absent provider.
                        absentAfterKill++;
                        assertThat(status).as(what).isEmpty();
                    }
                }
                case ABSENT -> {
                    assertThat(outcome).as(what).isEqualTo("ALREADY_ABSENT");
                    assertThat(changes).as(what).isZero();
                }
                case DUPLICATE -> assertThat(outcome).as(what).isEqualTo("DUPLICATE");
                case INVALID -> assertThat(outcome).as(what).isEqualTo("INVALID_TARGET");
            }
        }
        System.out.println("DISASSOCIATED " + disassociated + ", ALREADY_ABSENT after a kill " + absentAfterKill);
        assertThat(sim.stats().maxChangesPerProvider()).as(history).isLessThanOrEqualTo(1);
        assertThat(sim.stats().calls("AssociateIdentityProviderConfig")).isZero();
        assertThat(sim.stats().crossAccountMisses()).isZero();

        // Nothing left to resume.
        var again = CliTestSupport.run(sim, "resume", "--job-repository", repo);
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("no unfinished run");
    }

    /** Early kills hit the load and the first role assumptions; later ones land mid-remediation or late. */
    static long killDelay(int kill, boolean fresh, Random random) {
        if (fresh) {
            // Within the first second or so the execution is recorded and the load step runs.
            return 100 + random.nextInt(900);
        }
        if (kill < 3) {
            return random.nextInt(300);
        }
        if (kill < 7) {
            return 300 + random.nextInt(1200);
        }
        // Late kills wait for a resume to be past its start-up (context, recovery, partition split) and working.
        return 2500 + random.nextInt(2500);
    }

    /**
     * Waits until the child made its first AssumeRole: its partitions exist and its buckets are being worked on (the
     * pre-flight's GetCallerIdentity comes before and does not count).
     */
    static boolean awaitWork(Process p, Simulator sim, long assumeRolesBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (sim.stats().calls("AssumeRole") > assumeRolesBefore) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Waits until the child printed the line that says its job is starting (or until it exits). */
    static boolean awaitMarker(Process p, Path out, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (CliTestSupport.read(out).contains(marker)) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Job executions recorded so far (0 before the repository exists). Only called while no child holds the file. */
    static long executions(String repo) throws SQLException {
        return count(repo, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION");
    }

    static boolean completed(String repo) throws SQLException {
        return count(repo, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'") > 0;
    }

    static long pending(String repo) throws SQLException {
        return count(repo, "SELECT COUNT(*) FROM EIR_TARGET WHERE ACTIONABLE AND OUTCOME IS NULL");
    }

    private static long count(String repo, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(repo + ";IFEXISTS=TRUE");
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // 90146: no database file yet; 42102: no such table yet.
            if (e.getErrorCode() == 90146 || e.getErrorCode() == 42102 || e.getErrorCode() == 42104) {
                return 0;
            }
            throw e;
        }
    }
}
