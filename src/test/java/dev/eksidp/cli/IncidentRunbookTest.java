package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final Map<String, String> previous = new HashMap<>();
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
                        Cluster.of("us-east-1", "stage", oidc("corp", ISSUER), oidc("other", "https://x.example.com")),
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
        set("aws.endpointUrl", simulator.endpoint().toString());
        set("aws.accessKeyId", Fleet.Hub.DEFAULT.accessKeyId());
        set("aws.secretAccessKey", Fleet.Hub.DEFAULT.secretAccessKey());
        set("aws.region", "us-east-1");
        set("eksidp.discovery.page-size", "1");
        repository = "jdbc:h2:mem:incident-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void stop() {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        simulator.close();
    }

    private void set(String key, String value) {
        previous.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.getFirst().equals("verify")) {
            all.add("--job-repository");
            all.add(repository);
        }
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliEnvironment env = new CliEnvironment(ps, ps, new BufferedReader(new StringReader("")), false);
        return new Main(env).run(all.toArray(String[]::new));
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
}
