package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Fleet.Member;
import dev.eksidp.simulator.Fleet.Unit;
import dev.eksidp.simulator.Simulator;
import dev.eksidp.simulator.SimRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organisation-wide targeting through the real CLI (in-process), the real SDK clients (Organizations and Account
 * 2.40.2 on the 2.50.2 core) over SigV4 HTTP and the simulator: accounts from a nested OU tree, regions from each
 * account's own ListRegions, then plan, apply --plan and verify --issuer-url over the same scope.
 */
class OrganizationTargetingTest {

    static final String HUB = Fleet.Hub.DEFAULT.accountId();
    static final String A = "111111111111";
    static final String B = "222222222222";
    static final String C = "333333333333";
    static final String SUSPENDED = "444444444444";
    static final String CLOSED = "555555555555";
    static final String ROOT = "r-org1";
    static final String PROD = "ou-org1-prod0001";
    static final String PROD_EU = "ou-org1-prodeu01";
    static final String SANDBOX = "ou-org1-sand0001";
    static final String ISSUER = "https://idp.compromised.example.com/oauth2";
    static final String HEADER = CliTestSupport.HEADER;

    @TempDir
    Path tmp;

    private final String repository = "jdbc:h2:mem:org-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Simulator simulator;
    private CliTestSupport.Result last;
    private Path journal;

    static IdentityProvider oidc(String name, String issuer) {
        return new IdentityProvider(name, "oidc", issuer, null, "ACTIVE");
    }

    /**
     * A under Prod/ProdEU with a cluster in the opt-in region af-south-1 it enabled; B under Prod, af-south-1 not
     * enabled; C in Sandbox without clusters; a suspended account (with a cluster) and a closed one; the hub is the
     * management account and has no role to assume, so runs exclude it. Organizations throttles at 2 calls/s.
     */
    Fleet fleet(String bClusterStatus, boolean bDenied) {
        return new Fleet(null, new Fleet.Limits(null, null, new Fleet.Rate(2, 1), new Fleet.Rate(20, 20)), null, null, 300,
                null, 1.0, journal, null, List.of(
                new Account(A, null, null, false, List.of(
                        Cluster.of("us-east-1", "prod", oidc("okta", ISSUER)),
                        Cluster.of("us-east-1", "dev", oidc("okta", "https://idp.other.example.com")),
                        Cluster.of("af-south-1", "cape", oidc("corp", ISSUER))), null, List.of("af-south-1")),
                new Account(B, null, null, bDenied, List.of(
                        new Cluster("us-west-2", "b1", bClusterStatus, 0, List.of(oidc("okta", ISSUER))))),
                Account.of(C),
                Account.of(SUSPENDED, Cluster.of("us-east-1", "old", oidc("okta", ISSUER)))),
                new Fleet.Organization("o-exampleorg1", ROOT, HUB, null,
                        List.of(new Unit(PROD, "Prod", ROOT), new Unit(PROD_EU, "ProdEU", PROD), new Unit(SANDBOX, "Sandbox", ROOT)),
                        List.of(new Member(HUB, "management", ROOT, null), new Member(A, "prod-eu", PROD_EU, null),
                                new Member(B, "prod-us", PROD, null), new Member(C, "sandbox", SANDBOX, null),
                                new Member(SUSPENDED, "old-prod", PROD, "SUSPENDED"), new Member(CLOSED, "gone", ROOT, "CLOSED"))));
    }

    void start(Fleet fleet) {
        simulator = Simulator.start(fleet, 0);
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** The command in-process against the simulator, with this test's job repository. */
    int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--job-repository");
        all.add(repository);
        last = CliTestSupport.run(simulator, all.toArray(String[]::new));
        return last.exit();
    }

    /** What the last command printed. */
    String output() {
        return last.toString();
    }

    List<JsonNode> journal() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            entries.add(json.readTree(line));
        }
        return entries;
    }

    String[] discover(Path dir, String... scope) {
        List<String> args = new ArrayList<>(List.of("discover", "--organization", "--all-regions", "--issuer-url", ISSUER,
                "--out", dir.resolve("targets.csv").toString(), "--report-dir", dir.toString(), "--backoff", "10", "--eks-rate", "50"));
        args.addAll(List.of(scope));
        return args.toArray(String[]::new);
    }

    @Test
    void organizationWideDiscoveryThenPlanApplyAndVerifyTheScope() throws Exception {
        journal = tmp.resolve("journal.jsonl");
        start(fleet("ACTIVE", false));
        Path d = tmp.resolve("discovery");

        int code = run(discover(d, "--exclude-account-ids", HUB));

        assertThat(code).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(d.resolve("targets.csv"))).containsExactly(HEADER,
                A + ",af-south-1,cape,oidc,corp", A + ",us-east-1,prod,oidc,okta", B + ",us-west-2,b1,oidc,okta");
        assertThat(Files.readAllLines(d.resolve("accounts.txt"))).containsExactly(A, B, C);
        String summary = Files.readString(d.resolve("discovery-summary.md"));
        assertThat(summary).contains("| accounts scanned | 3 |", "| accounts that could not be read | 0 |",
                "## Organisation accounts skipped", "| " + SUSPENDED + " | old-prod | SUSPENDED |", "| " + CLOSED + " | gone | CLOSED |");
        List<JsonNode> calls = journal();
        // No call to a region an account has not enabled: every EKS call went to an enabled region, none was refused.
        assertThat(calls).filteredOn(e -> e.path("service").asText().equals("eks")).isNotEmpty().allSatisfy(e -> {
            String region = e.path("region").asText();
            assertThat(!SimRegions.OPT_IN.contains(region) || e.path("account").asText().equals(A) && region.equals("af-south-1"))
                    .as("EKS call %s", e).isTrue();
            assertThat(e.path("status").asInt()).as("EKS call %s", e).isEqualTo(200);
        });
        assertThat(calls).filteredOn(e -> e.path("service").asText().equals("eks") && e.path("region").asText().equals("af-south-1"))
                .extracting(e -> e.path("account").asText()).containsOnly(A);
        assertThat(calls).filteredOn(e -> e.path("service").asText().equals("account"))
                .extracting(e -> e.path("account").asText()).containsExactlyInAnyOrder(A, B, C);
        // Nothing reaches the suspended or closed accounts; Organizations' throttling was waited out, not failed on.
        assertThat(calls).noneMatch(e -> e.path("account").asText().equals(SUSPENDED) || e.path("account").asText().equals(CLOSED));
        assertThat(calls).filteredOn(e -> e.path("service").asText().equals("organizations"))
                .allMatch(e -> e.path("status").asInt() == 200 || e.path("errorCode").asText().equals("TooManyRequestsException"));

        // --ou narrows to the unit's accounts, nested units included; --exclude-account-ids removes one of them.
        Path narrowed = tmp.resolve("narrowed");
        assertThat(run(discover(narrowed, "--ou", PROD, "--exclude-account-ids", B))).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(narrowed.resolve("accounts.txt"))).containsExactly(A);
        assertThat(Files.readAllLines(narrowed.resolve("targets.csv"))).containsExactly(HEADER,
                A + ",af-south-1,cape,oidc,corp", A + ",us-east-1,prod,oidc,okta");
        assertThat(Files.readString(narrowed.resolve("discovery-summary.md"))).contains("| " + SUSPENDED + " | old-prod | SUSPENDED |")
                .doesNotContain(CLOSED);
        // Walking the units takes several Organizations calls within a second: the simulator throttled some, the
        // limiter slowed down and each was retried until every unit was read.
        List<JsonNode> organizations = journal().stream().filter(e -> e.path("service").asText().equals("organizations")).toList();
        assertThat(organizations).anyMatch(e -> e.path("errorCode").asText().equals("TooManyRequestsException"));
        assertThat(organizations).filteredOn(e -> e.path("status").asInt() == 200).extracting(e -> e.path("operation").asText())
                .contains("ListAccounts", "ListAccountsForParent", "ListChildren");

        assertThat(run("plan", "--targets", d.resolve("targets.csv").toString(), "--report-dir", tmp.resolve("plan").toString()))
                .as(output()).isZero();
        assertThat(run("apply", "--plan", tmp.resolve("plan").toString(), "--yes", "--wait", "--wait-poll", "1",
                "--report-dir", tmp.resolve("apply").toString())).as(output()).isZero();
        int verified = run("verify", "--issuer-url", ISSUER, "--organization", "--exclude-account-ids", HUB, "--all-regions",
                "--plan", tmp.resolve("plan").toString(), "--report", tmp.resolve("apply").toString(),
                "--out", tmp.resolve("verify").toString());
        assertThat(verified).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(tmp.resolve("verify/verify-scope.md"))).contains("**Clean**",
                "| clusters still trusting the issuer | 0 |", "| accounts/regions that could not be read | 0 |");
    }

    /** The runbook where one plan row is BLOCKED and one account is unreadable: verify says so, until both are fixed. */
    @Test
    void verifyNamesTheBlockedRowAndTheUnreadableAccountUntilBothAreFixed() throws Exception {
        journal = tmp.resolve("journal.jsonl");
        start(fleet("UPDATING", false));
        simulator.setDenied(A, true);
        String[] scope = {"--organization", "--exclude-account-ids", HUB, "--all-regions"};

        assertThat(run(discover(tmp.resolve("d1"), "--exclude-account-ids", HUB))).as(output()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(Files.readAllLines(tmp.resolve("d1/targets.csv"))).containsExactly(HEADER, B + ",us-west-2,b1,oidc,okta");
        assertThat(run("plan", "--targets", tmp.resolve("d1/targets.csv").toString(), "--report-dir", tmp.resolve("p1").toString()))
                .as(output()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(Files.readString(tmp.resolve("p1/plan.csv"))).contains(B + ",us-west-2,b1,oidc,okta,BLOCKED");
        // Nothing to apply (the one row is BLOCKED): the operator goes straight to verify.
        int code = run(verifyArgs(scope, "p1", null, "v1"));

        assertThat(code).as(output()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(output()).contains("NEEDS ATTENTION: " + A + " * could not be read (ACCESS_DENIED",
                "NEEDS ATTENTION: " + B + " us-west-2 cluster b1 still trusts the issuer",
                "plan line 2 (" + B + " us-west-2 b1 okta) was BLOCKED, not applied");
        assertThat(Files.readString(tmp.resolve("v1/verify-scope.md"))).contains("**Needs attention**", "| 2 | " + B, "NEEDS ATTENTION");

        // Fixed: the cluster's update ended and A's role trusts the hub again; the operator runs the runbook again.
        simulator.setClusterStatus(B, "us-west-2", "b1", "ACTIVE");
        simulator.setDenied(A, false);
        assertThat(run(discover(tmp.resolve("d2"), "--exclude-account-ids", HUB))).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(run("plan", "--targets", tmp.resolve("d2/targets.csv").toString(), "--report-dir", tmp.resolve("p2").toString()))
                .as(output()).isZero();
        assertThat(run("apply", "--plan", tmp.resolve("p2").toString(), "--yes", "--wait", "--wait-poll", "1",
                "--report-dir", tmp.resolve("a2").toString())).as(output()).isZero();

        assertThat(run(verifyArgs(scope, "p2", "a2", "v2"))).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(output()).contains("Scope clean").doesNotContain("NEEDS ATTENTION");
        // The first plan's BLOCKED row is now proven gone by the re-scan, so verifying against it is clean too.
        assertThat(run(verifyArgs(scope, "p1", null, "v3"))).as(output()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(tmp.resolve("v3/verify-scope.md"))).contains("gone (the re-scan read it)");
    }

    private String[] verifyArgs(String[] scope, String plan, String apply, String outDir) {
        List<String> args = new ArrayList<>(List.of("verify", "--issuer-url", ISSUER));
        args.addAll(List.of(scope));
        args.addAll(List.of("--plan", tmp.resolve(plan).toString(), "--out", tmp.resolve(outDir).toString()));
        if (apply != null) {
            args.addAll(List.of("--report", tmp.resolve(apply).toString()));
        }
        return args.toArray(String[]::new);
    }

    @Test
    void aHubThatIsNeitherManagementNorDelegatedAdministratorIsToldSo() {
        Fleet f = fleet("ACTIVE", false);
        Fleet.Organization o = f.organization();
        start(f.withOrganization(new Fleet.Organization(o.id(), o.rootId(), "999999999999", List.of(), o.units(), o.accounts())));

        int code = run(discover(tmp.resolve("d")));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(output()).contains("AccessDeniedException", "management account or a delegated administrator");
        assertThat(tmp.resolve("d")).as("a refused discovery leaves no report directory").doesNotExist();
    }

    @Test
    void accountIdsGivenToTheFileOptionAreAUsageErrorThatNamesTheRightOption() {
        start(fleet("ACTIVE", false));
        Path d = tmp.resolve("d");

        int code = run("discover", "--accounts", "111111111111,222222222222", "--regions", "us-east-1", "--issuer-url",
                ISSUER, "--out", d.resolve("targets.csv").toString(), "--report-dir", d.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("--accounts takes a file", "--account-ids 111111111111,222222222222");
        assertThat(d).doesNotExist();
    }
}
