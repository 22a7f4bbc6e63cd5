package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident runbook through the real CLI (in-process), the real SDK over HTTP and the simulator: discover,
 * plan, apply --plan (tampered and stale plans refused), apply --wait, verify.
 */
class IncidentRunbookTest {

    static final String A = "111111111111";
    static final String B = "222222222222";
    static final String C = "333333333333";
    static final String D = "444444444444";
    static final String ISSUER = "https://idp.compromised.example.com/oauth2";

    @TempDir
    Path tmp;

    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    private Simulator simulator;
    private String repository;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static IdentityProvider oidc(String name, String issuer) {
        return new IdentityProvider(name, "oidc", issuer, null, "ACTIVE");
    }

    static Fleet fleet() {
        return Fleet.of(List.of(
                Account.of(A,
                        Cluster.of("us-east-1", "prod", oidc("okta", ISSUER)),
                        Cluster.of("us-east-1", "dev", oidc("okta", "https://idp.other.example.com")),
                        Cluster.of("us-east-1", "stage", oidc("corp", ISSUER)),
                        Cluster.of("us-east-1", "bare"),
                        Cluster.of("eu-west-1", "eu-prod", oidc("corp2", ISSUER + "/"))),
                // The role of B cannot be assumed: its cluster carries the issuer and must be reported, not hidden.
                new Account(B, null, null, true, List.of(Cluster.of("us-east-1", "prod", oidc("okta", ISSUER)))),
                Account.of(C,
                        Cluster.of("us-west-2", "cl", oidc("x", ISSUER)),
                        Cluster.of("ap-south-1", "not-scanned", oidc("x", ISSUER))),
                Account.of(D, Cluster.of("us-east-1", "clean", oidc("okta", "https://idp.example.com")))))
                .withUpdateDurationMs(300);
    }

    @BeforeEach
    void start() {
        simulator = Simulator.start(fleet(), 0);
        cli.property("aws.endpointUrl", simulator.endpoint().toString());
        cli.property("aws.accessKeyId", Fleet.Hub.DEFAULT.accessKeyId());
        cli.property("aws.secretAccessKey", Fleet.Hub.DEFAULT.secretAccessKey());
        cli.property("aws.region", "us-east-1");
        cli.property("eksidp.discovery.page-size", "1");
        repository = "jdbc:h2:mem:incident-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    int run(String... args) {
        return run(Clock.systemUTC(), args);
    }

    int run(Clock clock, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.getFirst().equals("verify")) {
            all.add("--job-repository");
            all.add(repository);
        }
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliEnvironment env = new CliEnvironment(ps, ps, new BufferedReader(new StringReader("")), false);
        return new Main(env.withClock(clock)).run(all.toArray(String[]::new));
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void discoverFindsExactlyTheClustersCarryingTheIssuerAndReportsUnreadableAccounts() throws Exception {
        Path accounts = Files.write(tmp.resolve("accounts.txt"), List.of("# org accounts", A, B, C, D));
        Path targets = tmp.resolve("targets.csv");

        int code = run("discover", "--accounts", accounts.toString(), "--regions", "us-east-1,eu-west-1,us-west-2",
                "--issuer-url", ISSUER, "--out", targets.toString(), "--report-dir", tmp.resolve("discovery").toString(),
                "--backoff", "10", "--eks-rate", "50");

        assertThat(code).as(output()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(Files.readAllLines(targets)).containsExactly(
                "account_id,region,cluster_name,provider_type,provider_name",
                A + ",eu-west-1,eu-prod,oidc,corp2",
                A + ",us-east-1,prod,oidc,okta",
                A + ",us-east-1,stage,oidc,corp",
                C + ",us-west-2,cl,oidc,x");
        String summary = Files.readString(tmp.resolve("discovery/discovery-summary.md"));
        assertThat(summary).contains("| accounts scanned | 4 |", "| clusters seen | 7 |",
                "| matches (rows in the targets file) | 4 |", "| accounts that could not be read | 1 |",
                "| " + B + " | all | ACCESS_DENIED |");
        assertThat(Files.readString(tmp.resolve("discovery/discovery.csv"))).contains(B + ",us-east-1,ACCESS_DENIED");
        assertThat(simulator.stats().assumeRoleCallsPerAccount()).containsEntry(A, 1L).containsEntry(B, 1L);
    }

    /** Real EKS: maxResults other than 1 refused on ListIdentityProviderConfigs, a cluster listed but unknown. */
    @Test
    void discoverWorksAgainstTheMaxResultsQuirkAndReportsGhostClusters() throws Exception {
        simulator.close();
        simulator = Simulator.start(Fleet.of(List.of(Account.of(A,
                        Cluster.of("us-east-1", "prod", oidc("okta", ISSUER)),
                        new Cluster("us-east-1", "ghost", "ACTIVE", 0, List.of(), true))))
                .withQuirks(new Fleet.Quirks(false, false, true, null)), 0);
        cli.property("aws.endpointUrl", simulator.endpoint().toString());
        Path targets = tmp.resolve("targets.csv");

        int code = run("discover", "--account-ids", A, "--regions", "us-east-1", "--issuer-url", ISSUER,
                "--out", targets.toString(), "--report-dir", tmp.resolve("discovery").toString(), "--backoff", "10");

        assertThat(code).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(targets)).contains(A + ",us-east-1,prod,oidc,okta");
        assertThat(Files.readString(tmp.resolve("discovery/discovery.csv")))
                .contains(A + ",us-east-1,SCANNED,2,1,GhostClusters,1 listed clusters answered 404 (being deleted?): ghost");
        assertThat(simulator.stats().calls("ListIdentityProviderConfigs", 400)).isZero();
    }

    @Test
    void discoverByProviderNameNeedsNoDescribeAndUsageErrorsExit64() throws Exception {
        Path targets = tmp.resolve("by-name.csv");
        int code = run("discover", "--account-ids", A + "," + D, "--regions", "us-east-1", "--provider-name", "okta",
                "--out", targets.toString(), "--report-dir", tmp.resolve("d2").toString());
        assertThat(code).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(targets)).containsExactly(
                "account_id,region,cluster_name,provider_type,provider_name",
                A + ",us-east-1,dev,oidc,okta", A + ",us-east-1,prod,oidc,okta", D + ",us-east-1,clean,oidc,okta");

        assertThat(run("discover", "--account-ids", "123", "--regions", "us-east-1", "--provider-name", "x",
                "--out", targets.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(run("discover", "--account-ids", A, "--regions", "us-east-1", "--out", targets.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("discover", "--account-ids", A, "--all-regions", "--regions", "us-east-1",
                "--provider-name", "x", "--out", targets.toString())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void discoverThenPlanThenApplyTheReviewedPlanThenVerify() throws Exception {
        Path targets = tmp.resolve("targets.csv");
        assertThat(run("discover", "--account-ids", A + "," + C + "," + D, "--regions", "us-east-1,eu-west-1,us-west-2",
                "--issuer-url", ISSUER, "--out", targets.toString(), "--report-dir", tmp.resolve("discovery").toString(),
                "--eks-rate", "50")).as(output()).isEqualTo(ExitCodes.OK);

        Path plan = tmp.resolve("plan");
        assertThat(run("plan", "--targets", targets.toString(), "--report-dir", plan.toString(), "--eks-rate", "50",
                "--backoff", "20")).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(plan.resolve("plan.sha256")).content().contains("plan.csv: ", "plan.jsonl: ", "targets_sha256: ", "seal: ");

        // A plan edited after review is refused, and so is one older than --max-plan-age.
        Path tampered = Files.createDirectory(tmp.resolve("tampered"));
        for (String f : List.of("plan.csv", "plan.jsonl", "plan.sha256")) {
            Files.copy(plan.resolve(f), tampered.resolve(f));
        }
        Files.writeString(tampered.resolve("plan.csv"), Files.readString(tampered.resolve("plan.csv")).replace("corp2", "corp3"));
        assertThat(run("apply", "--plan", tampered.toString(), "--yes")).isEqualTo(ExitCodes.USAGE);
        assertThat(output()).contains("plan refused: ", "plan.csv was changed after the plan was written");
        Files.copy(plan.resolve("plan.csv"), tampered.resolve("plan.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(tampered.resolve("plan.sha256"), Files.readString(tampered.resolve("plan.sha256"))
                .replaceFirst("written_at: \\S+", "written_at: 2099-01-01T00:00:00Z"));
        assertThat(run("apply", "--plan", tampered.toString(), "--yes")).isEqualTo(ExitCodes.USAGE);
        assertThat(output()).contains("plan.sha256 was changed after the plan was written");
        // Two seconds later by the command's clock, the plan is older than 1 s.
        assertThat(run(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)), "apply", "--plan", plan.toString(),
                "--max-plan-age", "1s", "--yes")).isEqualTo(ExitCodes.USAGE);
        assertThat(output()).contains("older than --max-plan-age 1s");
        assertThat(run("apply", "--plan", plan.toString(), "--targets", targets.toString(), "--yes")).isEqualTo(ExitCodes.USAGE);

        // Between review and apply, someone removes one of the providers by hand.
        Path one = Files.write(tmp.resolve("one.csv"), List.of("account_id,region,cluster_name,provider_type,provider_name",
                A + ",us-east-1,stage,oidc,corp"));
        assertThat(run("apply", "--targets", one.toString(), "--yes", "--wait", "--wait-poll", "0.1",
                "--report-dir", tmp.resolve("by-hand").toString(), "--backoff", "20")).as(output()).isEqualTo(ExitCodes.OK);

        Path applied = tmp.resolve("applied");
        assertThat(run("apply", "--plan", plan.toString(), "--yes", "--wait", "--wait-poll", "0.1", "--report-dir",
                applied.toString(), "--eks-rate", "50", "--backoff", "20")).as(output()).isEqualTo(ExitCodes.OK);
        List<String> report = Files.readAllLines(applied.resolve("report.csv"));
        assertThat(report).hasSize(5);
        assertThat(report.get(1)).startsWith("2," + A + ",eu-west-1,eu-prod,oidc,corp2,DISASSOCIATED,").contains(",Successful,");
        assertThat(report.get(2)).startsWith("3," + A + ",us-east-1,prod,oidc,okta,DISASSOCIATED,").contains(",Successful,");
        assertThat(report.get(3)).startsWith("4," + A + ",us-east-1,stage,oidc,corp,ALREADY_ABSENT,");
        assertThat(report.get(4)).startsWith("5," + C + ",us-west-2,cl,oidc,x,DISASSOCIATED,").contains(",Successful,");
        assertThat(simulator.providerStatus(D, "us-east-1", "clean", "okta")).contains("ACTIVE");
        assertThat(simulator.providerStatus(A, "us-east-1", "dev", "okta")).contains("ACTIVE");

        assertThat(run("verify", "--report", applied.toString())).as(output()).isEqualTo(ExitCodes.OK);
        List<String> verify = Files.readAllLines(applied.resolve("verify.csv"));
        assertThat(verify).hasSize(4);
        assertThat(verify.subList(1, 4)).allSatisfy(line -> assertThat(line).contains(",VERIFIED,"));
        assertThat(applied.resolve("verify-summary.md")).content().contains("All verified.");
    }

    @Test
    void discoverIsRestartableAndDoesNotRescanWhatItAlreadyRead() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Path targets = blocker.resolve("targets.csv");
        String[] args = {"discover", "--account-ids", A + "," + C, "--regions", "us-east-1,us-west-2",
                "--issuer-url", ISSUER, "--out", targets.toString(), "--report-dir", tmp.resolve("d").toString(),
                "--eks-rate", "50"};
        assertThat(run(args)).as(output()).isEqualTo(ExitCodes.RESUMABLE);
        // The command to paste uses the launcher this process runs as, not the source tree's script.
        assertThat(output()).contains("continue with:").contains("eks-idp-remediation discover --resume")
                .doesNotContain("scripts/eks-idp-remediation");
        long listCalls = simulator.stats().calls("ListClusters");

        Files.delete(blocker);
        Files.createDirectory(blocker);
        assertThat(run("discover", "--resume")).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(targets)).hasSize(4);
        assertThat(simulator.stats().calls("ListClusters")).isEqualTo(listCalls);
        assertThat(run("discover", "--resume")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void verifyCountsOnlyProvidersThatAreGoneAsVerified() throws Exception {
        simulator.close();
        simulator = Simulator.start(fleet().withUpdateDurationMs(600_000), 0);
        cli.property("aws.endpointUrl", simulator.endpoint().toString());
        Path file = Files.write(tmp.resolve("t.csv"), List.of("account_id,region,cluster_name,provider_type,provider_name",
                A + ",us-east-1,prod,oidc,okta"));
        Path applied = tmp.resolve("applied");
        assertThat(run("apply", "--targets", file.toString(), "--yes", "--report-dir", applied.toString()))
                .as(output()).isEqualTo(ExitCodes.OK);
        // Rows a real run could report too: a provider put back by hand since, and a cluster deleted since.
        Files.writeString(applied.resolve("report.jsonl"), String.join("\n",
                "{\"line\":3,\"account_id\":\"" + D + "\",\"region\":\"us-east-1\",\"cluster_name\":\"clean\","
                        + "\"provider_type\":\"oidc\",\"provider_name\":\"okta\",\"outcome\":\"DISASSOCIATED\",\"update_id\":null}",
                "{\"line\":4,\"account_id\":\"" + D + "\",\"region\":\"us-east-1\",\"cluster_name\":\"deleted\","
                        + "\"provider_type\":\"oidc\",\"provider_name\":\"okta\",\"outcome\":\"DISASSOCIATED\",\"update_id\":null}",
                "{\"line\":5,\"account_id\":\"" + D + "\",\"region\":\"us-east-1\",\"cluster_name\":\"clean\","
                        + "\"provider_type\":\"oidc\",\"provider_name\":\"okta\",\"outcome\":\"ALREADY_ABSENT\"}", ""),
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(run("verify", "--report", applied.toString(), "--out", tmp.resolve("v").toString()))
                .as(output()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        List<String> verify = Files.readAllLines(tmp.resolve("v/verify.csv"));
        assertThat(verify).hasSize(4);
        assertThat(verify.get(1)).startsWith("2," + A + ",us-east-1,prod,oidc,okta,").contains(",IN_PROGRESS,DELETING,InProgress,");
        assertThat(verify.get(2)).startsWith("3," + D).contains(",NOT_REMOVED,ACTIVE,");
        assertThat(verify.get(3)).startsWith("4," + D).contains(",VERIFIED_CLUSTER_GONE,");
        assertThat(tmp.resolve("v/verify-summary.md")).content().contains("| IN_PROGRESS | 1 |", "| NOT_REMOVED | 1 |");
        assertThat(run("verify", "--report", tmp.resolve("nope").toString())).isEqualTo(ExitCodes.USAGE);
    }
}
