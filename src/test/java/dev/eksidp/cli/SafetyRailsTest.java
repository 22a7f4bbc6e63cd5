package dev.eksidp.cli;

import dev.eksidp.job.SimulatedAws;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each safety rail through the command line, with the real job against the simulator. */
class SafetyRailsTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void maxTargetsRefusesApplyBeforeAnyAwsCall() throws Exception {
        Fleet fleet = fleet(3, 2, false);
        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            int code = run("apply", "--yes", "--targets", targets(3, 2).toString(), "--max-targets", "5");

            assertThat(code).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("6 rows would be acted on, more than --max-targets 5");
            assertThat(aws.stats().eksCalls() + aws.stats().stsCalls()).isZero();
        }
    }

    @Test
    void protectedAccountsAndThePerAccountCeilingBlockRowsAndSaySo() throws Exception {
        Fleet fleet = fleet(3, 4, false);
        Path protectedFile = Files.writeString(tmp.resolve("protected.txt"), "# production\n100000000001\n");
        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            int code = run("apply", "--yes", "--targets", targets(3, 4).toString(), "--protect-accounts",
                    protectedFile.toString(), "--max-per-account", "3", "--max-targets", "6");

            assertThat(code).isEqualTo(ExitCodes.NEEDS_ATTENTION);
            List<String> report = Files.readAllLines(tmp.resolve("reports/report.csv"));
            assertThat(report.stream().filter(l -> l.contains(",100000000001,") && l.contains(",BLOCKED,")
                    && l.contains("protected account"))).hasSize(4);
            assertThat(report.stream().filter(l -> l.contains(",DISASSOCIATED,"))).hasSize(6);
            assertThat(report.stream().filter(l -> l.contains("AccountCeiling"))).hasSize(2);
            assertThat(aws.stats().assumeRoleCallsPerAccount()).doesNotContainKey("100000000001");
            assertThat(tmp.resolve("reports/summary.md")).content()
                    .contains("--max-per-account 3").contains("4 rows BLOCKED as protected accounts")
                    .contains("2 rows BLOCKED over --max-per-account");
        }
    }

    @Test
    void theErrorBudgetStopsTheRunAndResumeContinuesWithANewBudget() throws Exception {
        // Ten denied accounts: every one of their rows is ACCESS_DENIED.
        Fleet fleet = fleet(12, 1, true);
        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            int first = run("apply", "--yes", "--targets", targets(12, 1).toString(), "--max-failures", "2",
                    "--max-concurrency", "1");

            assertThat(first).isEqualTo(ExitCodes.RESUMABLE);
            assertThat(out.toString()).contains("STOPPED").contains("error budget exceeded");
            assertThat(tmp.resolve("reports/summary.md")).content().contains("error budget exceeded")
                    .contains("resume --execution-id");
            assertThat(tmp.resolve("reports/report.csv")).doesNotExist();

            int resumed = run(true, "resume", "--max-failures", "100%");

            assertThat(resumed).isEqualTo(ExitCodes.NEEDS_ATTENTION);
            // The resumed run's progress counts what is left, and says what the first execution settled.
            assertThat(err.toString()).containsPattern("remediate: (\\d+)/\\1 targets \\(\\d+ more settled by earlier executions\\)");
            List<String> report = Files.readAllLines(tmp.resolve("reports/report.csv"));
            assertThat(report).hasSize(13);
            assertThat(report.stream().filter(l -> l.contains(",ACCESS_DENIED,"))).hasSize(10);
            assertThat(report.stream().filter(l -> l.contains(",DISASSOCIATED,"))).hasSize(2);
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
            // The final summary still says why the first execution stopped.
            assertThat(tmp.resolve("reports/summary.md")).content()
                    .containsPattern("\\| STOPPED: error budget exceeded: \\d+ rows FAILED or ACCESS_DENIED, more than the 2 allowed")
                    // ...and which budget the rest of the run had.
                    .contains("Safety rails set: --max-failures 100% (given to resume; the run started with 2)");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("reports/summary.json").toFile())
                    .get("rails").get("set").get(0).asText()).isEqualTo("--max-failures 100% (given to resume; the run started with 2)");
        }
    }

    /** Each failure is counted once: as many failures as the budget allows do not stop the run. */
    @Test
    void failuresUpToTheBudgetDoNotStopTheRun() throws Exception {
        // One denied account of three: one ACCESS_DENIED row, in the first chunk the budget sees.
        try (SimulatedAws aws = SimulatedAws.start(fleet(3, 1, true))) {
            int code = run("apply", "--yes", "--targets", targets(3, 1).toString(), "--max-failures", "1",
                    "--max-concurrency", "1");

            assertThat(code).as(out.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
            assertThat(out.toString()).doesNotContain("error budget exceeded");
            assertThat(Files.readAllLines(tmp.resolve("reports/report.csv")).stream()
                    .filter(l -> l.contains(",ACCESS_DENIED,"))).hasSize(1);
        }
    }

    /** Accounts 100000000000.. with clusters c0..; the last two are healthy when {@code deniedFirst}. */
    private static Fleet fleet(int accounts, int clustersEach, boolean deniedFirst) {
        List<Account> list = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            List<Cluster> clusters = IntStream.range(0, clustersEach)
                    .mapToObj(c -> Cluster.of("us-east-1", "c" + c, IdentityProvider.oidc("okta"))).toList();
            list.add(new Account(account(a), null, null, deniedFirst && a < accounts - 2, clusters));
        }
        return Fleet.of(list);
    }

    private Path targets(int accounts, int clustersEach) throws Exception {
        List<String> lines = new ArrayList<>(List.of("account_id,region,cluster_name,provider_type,provider_name"));
        for (int a = 0; a < accounts; a++) {
            for (int c = 0; c < clustersEach; c++) {
                lines.add(account(a) + ",us-east-1,c" + c + ",oidc,okta");
            }
        }
        return Files.write(tmp.resolve("targets.csv"), lines);
    }

    private static String account(int a) {
        return String.valueOf(100000000000L + a);
    }

    private int run(String... args) {
        return run(false, args);
    }

    /** @param terminal as on a terminal: progress lines go to err as they are written */
    private int run(boolean terminal, String... args) {
        out.reset();
        err.reset();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--job-repository",
                "jdbc:h2:file:" + tmp.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE")).toArray(String[]::new);
        if (!args[0].equals("resume")) {
            all = Stream.concat(Stream.of(all), Stream.of("--report-dir", tmp.resolve("reports").toString(),
                    "--backoff", "10", "--busy-backoff", "10")).toArray(String[]::new);
        }
        CliEnvironment env = new CliEnvironment(new PrintStream(out, true), new PrintStream(err, true),
                new BufferedReader(new StringReader("")), terminal);
        return new Main(env).run(all);
    }
}
