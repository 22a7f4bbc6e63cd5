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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as Kubernetes and systemd send it, at moments spread over every step of an {@code apply --wait}: each
 * time the process exits 1 within 25 s, no step execution is left running, no change is sent after the signal but
 * those already in flight, and the run resumes; the run then ends as if it had never been interrupted.
 * Child JVMs, the real CLI, the in-process simulator over HTTP. The long variant, with as many signals as you
 * like on a larger fleet with faults: {@code scripts/chaos 12 40 TERM}.
 */
class StopResumeIT {

    static final long SEED = 20261201L;
    static final int SIGNALS = 6;
    /** What Kubernetes allows between SIGTERM and SIGKILL, less a margin. */
    static final long GRACE_MILLIS = 25_000;

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;
    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();
    Process running;

    /** Where in the run a signal is sent, and how the test recognises that moment. */
    enum Moment { LOAD, REMEDIATE, BUSY_BACKOFF, WAIT_POLL, ANY }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sigtermAtAnyMomentStopsWithinTheGraceAndResumeEndsAsIfUninterrupted() throws Exception {
        Random random = new Random(SEED);
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            String id = String.format("4000000000%02d", a);
            List<Fleet.Cluster> clusters = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                // Two busy clusters per account: the first pass defers them, the busy pass backs off between tries.
                clusters.add(new Fleet.Cluster("us-east-1", "c" + c, "ACTIVE", c < 2 ? 4 : 0,
                        List.of(Fleet.IdentityProvider.oidc("corp-okta"))));
                rows.add(row(id, "us-east-1", "c" + c, "corp-okta"));
            }
            accounts.add(new Fleet.Account(id, null, null, false, clusters));
        }
        sim = Simulator.start(Fleet.of(accounts)
                .withLimits(new Fleet.Limits(new Fleet.Rate(2, 1), null))
                .withLatency(new Fleet.Latency(20, 60))
                .withUpdateDurationMs(9_000), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path reports = dir.resolve("reports");
        String repo = CliTestSupport.repository(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        // 8 rows per bucket at 2/s, busy clusters retried after 1, 2, 4 s, updates that take 9 s: a run of about
        // 15 s, long enough for the signals below to land in every step.
        String[] apply = {"apply", "--yes", "--targets", targets.toString(), "--report-dir", reports.toString(),
                "--job-repository", repo, "--eks-rate", "2", "--eks-burst", "1", "--busy-backoff", "1000",
                "--max-attempts", "16", "--wait", "--wait-poll", "1"};
        String[] resume = {"resume", "--job-repository", repo};

        List<Moment> plan = List.of(Moment.LOAD, Moment.REMEDIATE, Moment.BUSY_BACKOFF, Moment.ANY, Moment.WAIT_POLL,
                Moment.WAIT_POLL);
        Set<String> stoppedSteps = new LinkedHashSet<>();
        List<String> log = new ArrayList<>();
        int signals = 0;
        int finalExit = -1;
        for (int i = 0; i <= plan.size() && finalExit < 0; i++) {
            String name = (i == 0 ? "apply-" : "resume-") + i;
            running = cli.start(CliTestSupport.child(work, sim, name, i == 0 ? apply : resume));
            Path out = work.resolve(name + ".out");
            Path err = work.resolve(name + ".err");
            if (i == plan.size()) {
                finalExit = CliTestSupport.exit(running, 120);
                log.add(name + ": ran to the end, exit " + finalExit);
                break;
            }
            Moment moment = plan.get(i);
            long delay = switch (moment) {
                case LOAD -> random.nextInt(150);
                case REMEDIATE -> random.nextInt(1500);
                case BUSY_BACKOFF -> 200 + random.nextInt(700);
                case WAIT_POLL -> random.nextInt(900);
                case ANY -> random.nextInt(3000);
            };
            BooleanSupplier reached = switch (moment) {
                case LOAD, ANY -> () -> CliTestSupport.read(out).contains("Run ") || CliTestSupport.read(out).contains("Resuming run ");
                case REMEDIATE -> () -> CliTestSupport.read(err).contains("Loaded ") || CliTestSupport.read(out).contains("Resuming run ");
                case BUSY_BACKOFF -> () -> CliTestSupport.read(err).contains("Retrying the rows whose cluster was busy");
                case WAIT_POLL -> () -> CliTestSupport.read(err).contains("EKS updates still InProgress");
            };
            if (!await(running, reached) || running.waitFor(delay, TimeUnit.MILLISECONDS)) {
                // That step was already over: this execution runs to the end.
                finalExit = CliTestSupport.exit(running, 120);
                log.add(name + ": " + moment + " not reached, exit " + finalExit + "\n" + CliTestSupport.read(out)
                        + CliTestSupport.read(err));
                break;
            }
            long changesBefore = sim.stats().calls("DisassociateIdentityProviderConfig");
            long signalledAt = System.nanoTime();
            running.destroy();  // SIGTERM
            int code = CliTestSupport.exit(running, 60);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
            long changesAfter = sim.stats().calls("DisassociateIdentityProviderConfig") - changesBefore;
            signals++;
            log.add(name + ": SIGTERM " + delay + " ms after " + moment + ", exit " + code + " after " + tookMillis
                    + " ms, " + changesAfter + " disassociate calls after the signal");
            String output = CliTestSupport.read(out) + CliTestSupport.read(err);
            assertThat(tookMillis).as(log.getLast() + "\n" + output).isLessThan(GRACE_MILLIS);
            if (code == ExitCodes.OK) {
                finalExit = code;
                break;
            }
            assertThat(code).as(log.getLast() + "\n" + output).isEqualTo(ExitCodes.RESUMABLE);
            assertThat(output).as(output).contains("ended STOPPED").contains("resume --execution-id");
            // In flight at most: what the limiters had let through (burst 1, 6 buckets).
            assertThat(changesAfter).as(log.getLast()).isLessThanOrEqualTo(6);
            assertThat(runningSteps(repo)).as(log.getLast()).isEmpty();
            stoppedSteps.addAll(stepsWithStatus(repo, "STOPPED"));
            assertThat(reports.resolve("summary.md")).content().contains("STOPPED");
        }
        System.out.println(String.join("\n", log));

        assertThat(finalExit).as(String.join("\n", log)).isEqualTo(ExitCodes.OK);
        assertThat(signals).as(String.join("\n", log)).isEqualTo(SIGNALS);
        assertThat(stoppedSteps).as("steps that a signal stopped").contains("remediate", "retryBusy", "awaitUpdates");
        List<Map<String, String>> report = CliTestSupport.readCsv(reports.resolve("report.csv"));
        assertThat(report).hasSize(rows.size());
        assertThat(report).extracting(r -> Long.parseLong(r.get("line"))).isSorted();
        assertThat(report).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED");
            assertThat(r.get("update_status")).as("--wait ends with the update's final status").isEqualTo("Successful");
        });
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);
        for (String r : rows) {
            String[] f = r.split(",");
            assertThat(sim.providerStatus(f[0], f[1], f[2], f[4])).as(r).isEmpty();
        }

        // The summary covers the whole run: every change once, each interruption, from the first start.
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reports.resolve("summary.json").toFile());
        assertThat(summary.get("outcomes").get("DISASSOCIATED").asLong()).isEqualTo(rows.size());
        assertThat(summary.get("rows").get("total").asLong()).isEqualTo(rows.size());
        assertThat(summary.get("interruptions").asInt()).isEqualTo(SIGNALS);
        com.fasterxml.jackson.databind.JsonNode executions = summary.get("executions");
        assertThat(executions).hasSize(SIGNALS + 1);
        long recorded = 0;
        for (com.fasterxml.jackson.databind.JsonNode e : executions) {
            recorded += e.get("outcomes").path("DISASSOCIATED").asLong(0);
        }
        assertThat(recorded).as("each change counted once, by the execution that recorded it").isEqualTo(rows.size());
        assertThat(executions.get(0).get("status").asText()).isEqualTo("STOPPED");
        assertThat(executions.get(0).get("stopReason").asText()).isEqualTo("SIGTERM received");
        assertThat(executions.get(SIGNALS).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.get("timings").get("start").asText()).isEqualTo(executions.get(0).get("start").asText());
        assertThat(reports.resolve("summary.md")).content().contains("interrupted " + SIGNALS + " times");
    }

    /**
     * A stop while a change is in flight waits for its answer; a second signal does not: the process exits at once,
     * like a SIGKILL, and the run still resumes to the end with each provider changed once.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSecondSignalExitsAtOnceAndTheRunStillResumes() throws Exception {
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            String id = String.format("4100000000%02d", a);
            List<Fleet.Cluster> clusters = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                clusters.add(Fleet.Cluster.of("us-east-1", "c" + c, Fleet.IdentityProvider.oidc("corp-okta")));
                rows.add(row(id, "us-east-1", "c" + c, "corp-okta"));
            }
            accounts.add(new Fleet.Account(id, null, null, false, clusters));
        }
        // Every EKS call takes 4 s: the first signal has to wait for the calls in flight.
        sim = Simulator.start(Fleet.of(accounts).withLatency(new Fleet.Latency(4_000, 4_000)).withUpdateDurationMs(100), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path reports = dir.resolve("reports");
        String repo = CliTestSupport.repository(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        running = cli.start(CliTestSupport.child(work, sim, "apply", "apply", "--yes", "--targets", targets.toString(),
                "--report-dir", reports.toString(), "--job-repository", repo));
        // The run's own calls (not the pre-flight's GetCallerIdentity, made before the run is attached to signals).
        assertThat(await(running, () -> sim.stats().calls("DescribeIdentityProviderConfig") + sim.stats().calls("AssumeRole") > 0))
                .isTrue();
        Thread.sleep(300);
        running.destroy();
        Thread.sleep(500);
        assertThat(running.isAlive()).as("the first signal waits for the calls in flight").isTrue();
        long signalledAt = System.nanoTime();
        running.destroy();
        int code = CliTestSupport.exit(running, 30);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt)).isLessThan(3_000);
        assertThat(code).isEqualTo(ExitCodes.RESUMABLE);
        assertThat(CliTestSupport.read(work.resolve("apply.out"))).contains("Second SIGTERM: exiting now");

        running = cli.start(CliTestSupport.child(work, sim, "resume", "resume", "--job-repository", repo));
        assertThat(CliTestSupport.exit(running, 90)).as(CliTestSupport.read(work.resolve("resume.out"))).isEqualTo(ExitCodes.OK);
        assertThat(CliTestSupport.read(work.resolve("resume.out"))).contains("recovering it");
        assertThat(CliTestSupport.readCsv(reports.resolve("report.csv"))).hasSize(rows.size())
                .allSatisfy(r -> assertThat(r.get("outcome")).isIn("DISASSOCIATED", "ALREADY_ABSENT"));
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);
    }

    /** --max-failures stops changes at once too: the buckets still working send nothing more than what was in flight. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theErrorBudgetStopsChangesAtOnce() throws Exception {
        List<Fleet.Account> accounts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        // The denied account has the most rows, so its bucket starts first and fails all its rows at once.
        accounts.add(new Fleet.Account("420000000000", null, null, true,
                List.of(Fleet.Cluster.of("us-east-1", "locked", Fleet.IdentityProvider.oidc("corp-okta")))));
        for (int i = 0; i < 12; i++) {
            rows.add(row("420000000000", "us-east-1", "locked", "corp-okta-" + i));
        }
        for (int a = 1; a <= 4; a++) {
            String id = String.format("4200000000%02d", a);
            List<Fleet.Cluster> clusters = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                clusters.add(Fleet.Cluster.of("us-east-1", "c" + c, Fleet.IdentityProvider.oidc("corp-okta")));
                rows.add(row(id, "us-east-1", "c" + c, "corp-okta"));
            }
            accounts.add(new Fleet.Account(id, null, null, false, clusters));
        }
        sim = Simulator.start(Fleet.of(accounts).withLatency(new Fleet.Latency(100, 200)), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows);
        Path reports = dir.resolve("reports");
        String repo = CliTestSupport.repository(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        // 1 call/s per bucket: a bucket that went on with its chunk would send up to 10 more.
        running = cli.start(CliTestSupport.child(work, sim, "apply", "apply", "--yes", "--targets", targets.toString(),
                "--report-dir", reports.toString(), "--job-repository", repo, "--eks-rate", "1", "--eks-burst", "1",
                "--max-failures", "2"));
        assertThat(CliTestSupport.exit(running, 60)).as(CliTestSupport.read(work.resolve("apply.err"))).isEqualTo(ExitCodes.RESUMABLE);
        assertThat(CliTestSupport.read(work.resolve("apply.out"))).contains("error budget exceeded");
        long changes = sim.stats().calls("DisassociateIdentityProviderConfig");
        assertThat(changes).as("disassociate calls: one in flight per bucket at most").isLessThanOrEqualTo(8);
        assertThat(runningSteps(repo)).isEmpty();
    }

    /** Waits until the condition holds (true) or the child exits (false). */
    static boolean await(Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Step executions still marked running: only called while no child holds the file. */
    static List<String> runningSteps(String repo) throws SQLException {
        return stepsWhere(repo, "STATUS IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')");
    }

    static List<String> stepsWithStatus(String repo, String status) throws SQLException {
        return stepsWhere(repo, "STATUS = '" + status + "'").stream().map(s -> s.replaceAll("Bucket:.*", "")).toList();
    }

    private static List<String> stepsWhere(String repo, String condition) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (var c = DriverManager.getConnection(repo + ";IFEXISTS=TRUE");
             var rs = c.createStatement().executeQuery("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE " + condition)) {
            while (rs.next()) {
                steps.add(rs.getString(1));
            }
        }
        return steps;
    }
}
