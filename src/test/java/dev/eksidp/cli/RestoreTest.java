package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.SimClients;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eksidp.cli.CliTestSupport.readCsv;
import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * apply --wait on configs with non-default claims, prefixes, required claims and tags, then restore --from that run:
 * every field and tag comes back with one associate each, a busy cluster is retried, a second restore changes
 * nothing, a changed report directory is refused, a cluster that took another config meanwhile is a CONFLICT.
 */
class RestoreTest {

    static final String A = "111111111111";
    static final String B = "222222222222";

    @TempDir
    Path tmp;

    private Simulator sim;
    private String repository;

    static IdentityProvider provider(String name, String issuer, String clientId, String usernameClaim, String usernamePrefix,
                                     String groupsClaim, String groupsPrefix, Map<String, String> required, Map<String, String> tags) {
        return new IdentityProvider(name, "oidc", issuer, clientId, "ACTIVE", usernameClaim, usernamePrefix, groupsClaim,
                groupsPrefix, required, tags);
    }

    static Fleet fleet() {
        return Fleet.of(List.of(
                Account.of(A,
                        Cluster.of("us-east-1", "prod", provider("corp", "https://idp.example.com/oauth2/default", "eks-prod",
                                "preferred_username", "corp:", "roles", "corp-group:", Map.of("hd", "example.com"),
                                Map.of("team", "platform", "env", "prod"))),
                        Cluster.of("eu-west-1", "eu", provider("corp", "https://idp.example.com/oauth2/default", "eks-eu",
                                null, null, null, null, null, Map.of("cost-centre", "42")))),
                Account.of(B,
                        Cluster.of("us-east-1", "b1", provider("okta", "https://b.okta.example.com", "k8s", "sub", "okta:",
                                "groups", "okta:", Map.of("aud", "k8s", "tenant", "t1"), Map.of())),
                        Cluster.of("us-east-1", "b2", provider("okta", "https://b.okta.example.com", "k8s", null, null, null,
                                null, null, Map.of("owner", "team-b"))))))
                .withUpdateDurationMs(300);
    }

    @BeforeEach
    void start() {
        sim = Simulator.start(fleet(), 0);
        repository = "jdbc:h2:mem:restore-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CliTestSupport.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--job-repository", repository, "--backoff", "10", "--busy-backoff", "50", "--wait-poll", "0.1"));
        return CliTestSupport.run(sim, all.toArray(String[]::new));
    }

    private Map<String, List<IdentityProvider>> state() {
        Map<String, List<IdentityProvider>> out = new LinkedHashMap<>();
        for (String[] c : new String[][] {{A, "us-east-1", "prod"}, {A, "eu-west-1", "eu"}, {B, "us-east-1", "b1"}, {B, "us-east-1", "b2"}}) {
            out.put(String.join("/", c), sim.identityProviders(c[0], c[1], c[2]));
        }
        return out;
    }

    private Path applied() {
        Path targets = CliTestSupport.targets(tmp.resolve("targets.csv"), List.of(row(A, "us-east-1", "prod", "corp"),
                row(A, "eu-west-1", "eu", "corp"), row(B, "us-east-1", "b1", "okta"), row(B, "us-east-1", "b2", "okta")));
        Path dir = tmp.resolve("apply");
        CliTestSupport.Result apply = cli("apply", "--targets", targets.toString(), "--yes", "--wait", "--report-dir", dir.toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(state().values()).allMatch(List::isEmpty);
        return dir;
    }

    @Test
    void restoreBringsBackEveryFieldAndTagOnceAndASecondRestoreChangesNothing() throws Exception {
        Map<String, List<IdentityProvider>> before = state();
        Path applyDir = applied();

        Path removed = applyDir.resolve("removed-configs.json");
        JsonNode kept = new ObjectMapper().readTree(removed.toFile());
        assertThat(kept.get("configs")).hasSize(4);
        assertThat(kept.at("/configs/0/groupsPrefix").asText()).isEqualTo("corp-group:");
        assertThat(kept.at("/configs/0/tags/team").asText()).isEqualTo("platform");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(removed))).isEqualTo("rw-------");
        JsonNode firstRow = new ObjectMapper().readTree(Files.readAllLines(applyDir.resolve("report.jsonl")).getFirst());
        assertThat(firstRow.at("/removed_config/requiredClaims/hd").asText()).isEqualTo("example.com");

        // The cluster is busy with another update for its first two tries: retried with the busy backoff.
        sim.makeBusy(A, "us-east-1", "prod", 2);
        long busyBefore = sim.stats().busyRejections();
        CliTestSupport.Result restore = cli("restore", "--from", applyDir.toString(), "--yes", "--wait",
                "--report-dir", tmp.resolve("restore1").toString());
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(readCsv(tmp.resolve("restore1/report.csv"))).extracting(r -> r.get("outcome") + " " + r.get("update_status"))
                .containsOnly("RESTORED Successful").hasSize(4);
        assertThat(sim.stats().busyRejections() - busyBefore).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("restore1/summary.md"))).contains("Restores what apply run ", applyDir.toString());
        assertThat(state()).isEqualTo(before);
        for (String[] c : new String[][] {{A, "us-east-1", "prod", "corp"}, {A, "eu-west-1", "eu", "corp"},
                {B, "us-east-1", "b1", "okta"}, {B, "us-east-1", "b2", "okta"}}) {
            assertThat(sim.stats().changes(c[0], c[1], c[2], c[3])).as("one removal and one associate on %s", c[2]).isEqualTo(2);
        }

        CliTestSupport.Result again = cli("restore", "--from", applyDir.toString(), "--yes", "--report-dir", tmp.resolve("restore2").toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(readCsv(tmp.resolve("restore2/report.csv"))).extracting(r -> r.get("outcome")).containsOnly("ALREADY_PRESENT");
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(2);
        assertThat(state()).isEqualTo(before);

        // verify checks what an apply removed: a restore's report is refused, not "verified 0 of 0" with exit 0.
        long callsBefore = sim.stats().eksCalls() + sim.stats().stsCalls();
        CliTestSupport.Result verify = CliTestSupport.run(sim, "verify", "--report", tmp.resolve("restore1").toString());
        ExitCodesTest.assertUsageError(verify, "verify", "is the report of a restore run");
        assertThat(sim.stats().eksCalls() + sim.stats().stsCalls()).isEqualTo(callsBefore);
    }

    @Test
    void aChangedReportDirectoryIsRefusedBeforeAnyAwsCall() throws Exception {
        Path applyDir = applied();
        long stsCalls = sim.stats().stsCalls();
        Path removed = applyDir.resolve("removed-configs.json");
        Files.writeString(removed, Files.readString(removed).replace("platform", "attacker"));
        CliTestSupport.Result r = cli("restore", "--from", applyDir.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("restore refused: ", "removed-configs.json was changed after the report was written");
        assertThat(sim.stats().stsCalls()).isEqualTo(stsCalls);
        assertThat(state().values()).allMatch(List::isEmpty);
    }

    @Test
    void aClusterThatTookAnotherConfigIsAConflictAndOnlyTheChosenRowsAreRestored() throws Exception {
        Path applyDir = applied();
        // Someone associated a new provider on b2 after the removal: a cluster takes one OIDC config.
        try (SimClients clients = new SimClients(sim)) {
            clients.eksFor(B, "us-east-1").associateIdentityProviderConfig(r -> r.clusterName("b2")
                    .oidc(o -> o.identityProviderConfigName("new-idp").issuerUrl("https://new.example.com").clientId("k8s")));
        }
        CliTestSupport.Result dry = cli("restore", "--from", applyDir.toString(), "--accounts", B, "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Would restore 2 of the 4 configs", "b1", "b2").doesNotContain(" prod ");
        long changes = sim.stats().changes(B, "us-east-1", "b1", "okta");
        assertThat(changes).as("a dry run sends nothing").isEqualTo(1);

        Path refusedDir = tmp.resolve("refused");
        CliTestSupport.Result unconfirmed = cli("restore", "--from", applyDir.toString(), "--accounts", B,
                "--report-dir", refusedDir.toString());
        assertThat(unconfirmed.exit()).as("no terminal, no --yes").isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("needs confirmation");
        assertThat(refusedDir).as("a refused restore leaves no trace").doesNotExist();
        assertThat(sim.stats().changes(B, "us-east-1", "b1", "okta")).isEqualTo(1);

        CliTestSupport.Result r = cli("restore", "--from", applyDir.toString(), "--accounts", B, "--yes", "--wait",
                "--report-dir", tmp.resolve("restore").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        List<Map<String, String>> rows = readCsv(tmp.resolve("restore/report.csv"));
        assertThat(rows).extracting(m -> m.get("cluster_name") + " " + m.get("outcome")).containsExactly("b1 RESTORED", "b2 CONFLICT");
        assertThat(rows.get(1).get("error_message")).contains("new-idp");
        // The row a person must look at is listed as such, not counted as "other".
        assertThat(tmp.resolve("restore/summary.md")).content().contains("2 rows, 1 clean, 1 need attention")
                .contains("b2").doesNotContain("Nothing.");
        assertThat(sim.identityProviders(B, "us-east-1", "b2")).extracting(IdentityProvider::name).containsExactly("new-idp");
        assertThat(sim.identityProviders(A, "us-east-1", "prod")).as("not chosen").isEmpty();
    }

    @Test
    void verifyFlagsAnIssuerThatCameBackUnderTheSameOrAnotherName() throws Exception {
        Path applyDir = applied();
        try (SimClients clients = new SimClients(sim)) {
            // The same config again (a new ARN), and the same issuer under another name.
            clients.eksFor(A, "us-east-1").associateIdentityProviderConfig(r -> r.clusterName("prod")
                    .oidc(o -> o.identityProviderConfigName("corp").issuerUrl("https://idp.example.com/oauth2/default").clientId("eks-prod")));
            clients.eksFor(A, "eu-west-1").associateIdentityProviderConfig(r -> r.clusterName("eu")
                    .oidc(o -> o.identityProviderConfigName("corp-again").issuerUrl("https://IDP.example.com/oauth2/default/").clientId("x")));
            // Another issuer on b1 is not the removed one coming back.
            clients.eksFor(B, "us-east-1").associateIdentityProviderConfig(r -> r.clusterName("b1")
                    .oidc(o -> o.identityProviderConfigName("new-idp").issuerUrl("https://new.example.com").clientId("k8s")));
        }
        CliTestSupport.Result verify = CliTestSupport.run(sim, "verify", "--report", applyDir.toString(), "--eks-rate", "50",
                "--job-repository", repository);
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(readCsv(applyDir.resolve("verify.csv"))).extracting(r -> r.get("cluster_name") + " " + r.get("verdict"))
                .containsExactly("prod REAPPEARED", "eu REAPPEARED", "b1 VERIFIED", "b2 VERIFIED");
        assertThat(Files.readString(applyDir.resolve("verify-summary.md"))).contains("as config corp-again", "new ARN");
    }

    @Test
    void aClusterThatIsNotActiveIsRetriedAndReportedAsSuchUntilItIs() throws Exception {
        Path applyDir = applied();
        sim.setClusterStatus(A, "us-east-1", "prod", "UPDATING");
        CliTestSupport.Result r = cli("restore", "--from", applyDir.toString(), "--rows", "2", "--yes", "--max-attempts", "2",
                "--report-dir", tmp.resolve("restore-updating").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(readCsv(tmp.resolve("restore-updating/report.csv"))).singleElement()
                .satisfies(row -> assertThat(row.get("outcome") + " " + row.get("error_code")).isEqualTo("FAILED ClusterNotActive"));
        assertThat(sim.identityProviders(A, "us-east-1", "prod")).isEmpty();

        sim.setClusterStatus(A, "us-east-1", "prod", "ACTIVE");
        CliTestSupport.Result again = cli("restore", "--from", applyDir.toString(), "--rows", "2", "--yes",
                "--report-dir", tmp.resolve("restore-active").toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(sim.identityProviders(A, "us-east-1", "prod")).extracting(IdentityProvider::name).containsExactly("corp");
    }
}
