package dev.eksidp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** plan against the simulator: read calls only, and the expected outcome per row in plan.csv/plan.jsonl/summary.md. */
class DryRunTest {

    static final String A = "111111111111";
    static final String DENIED = "333333333333";
    static final String R = "us-east-1";

    static Fleet fleet() {
        return Fleet.of(List.of(
                new Fleet.Account(A, null, null, false, List.of(
                        Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                        Fleet.Cluster.of(R, "empty"),
                        new Fleet.Cluster(R, "upgrading", "UPDATING", 0, List.of(Fleet.IdentityProvider.oidc("corp-okta"))),
                        Fleet.Cluster.of("eu-west-1", "prod-eu", Fleet.IdentityProvider.oidc("corp-okta")))),
                new Fleet.Account(DENIED, null, null, true, List.of(Fleet.Cluster.of(R, "prod-c",
                        Fleet.IdentityProvider.oidc("corp-okta"))))));
    }

    /** line number -> expected outcome (the header is line 1). */
    static final Map<Integer, String> EXPECTED = Map.of(
            2, "WOULD_DISASSOCIATE",
            3, "ALREADY_ABSENT",
            4, "CLUSTER_NOT_FOUND",
            5, "ACCESS_DENIED",
            6, "BLOCKED",
            7, "INVALID_TARGET",
            8, "DUPLICATE",
            9, "WOULD_DISASSOCIATE");

    static List<String> rows() {
        return List.of(
                row(A, R, "prod-a", "corp-okta"),
                row(A, R, "empty", "corp-okta"),
                row(A, R, "missing", "corp-okta"),
                row(DENIED, R, "prod-c", "corp-okta"),
                row(A, R, "upgrading", "corp-okta"),
                row("12345", R, "prod-a", "corp-okta"),
                row(A, R, "prod-a", "corp-okta"),
                row(A, "eu-west-1", "prod-eu", "corp-okta"));
    }

    Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void planMakesNoChangesAndReportsWhatApplyWouldDo(@TempDir Path dir) throws Exception {
        sim = Simulator.start(fleet(), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), rows());
        Path reports = dir.resolve("reports");

        CliTestSupport.Result r = CliTestSupport.run(sim, "plan", "--targets", targets.toString(),
                "--report-dir", reports.toString(), "--job-repository", CliTestSupport.repository(dir),
                "--backoff", "10", "--busy-backoff", "10");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig")).isZero();
        assertThat(sim.stats().calls("AssociateIdentityProviderConfig")).isZero();
        assertThat(sim.stats().maxChangesPerProvider()).isZero();
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
        assertThat(sim.providerStatus(A, "eu-west-1", "prod-eu", "corp-okta")).contains("ACTIVE");
        assertThat(sim.stats().eksCalls()).as("plan did read the clusters").isPositive();

        List<Map<String, String>> csv = CliTestSupport.readCsv(reports.resolve("plan.csv"));
        assertThat(csv).hasSize(EXPECTED.size());
        for (int i = 0; i < csv.size(); i++) {
            Map<String, String> line = csv.get(i);
            assertThat(line.get("line")).isEqualTo(Integer.toString(i + 2));
            assertThat(line.get("outcome")).as("line %s: %s", line.get("line"), line).isEqualTo(EXPECTED.get(i + 2));
        }
        assertThat(csv.get(6).get("error_message")).contains("line 2");

        ObjectMapper json = new ObjectMapper();
        List<String> jsonl = Files.readAllLines(reports.resolve("plan.jsonl"));
        assertThat(jsonl).hasSize(EXPECTED.size());
        for (String l : jsonl) {
            JsonNode n = json.readTree(l);
            int line = n.get("line").asInt();
            assertThat(n.get("outcome").asText()).as(l).isEqualTo(EXPECTED.get(line));
        }

        String summary = Files.readString(reports.resolve("summary.md"));
        for (String outcome : EXPECTED.values()) {
            assertThat(summary).contains(outcome);
        }
        assertThat(r.out()).contains("WOULD_DISASSOCIATE=2");
    }

    @Test
    void planWithOnlyCleanRowsExitsZero(@TempDir Path dir) {
        sim = Simulator.start(fleet(), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"), List.of(
                row(A, R, "prod-a", "corp-okta"), row(A, R, "empty", "corp-okta")));

        CliTestSupport.Result r = CliTestSupport.run(sim, "plan", "--targets", targets.toString(),
                "--report-dir", dir.resolve("reports").toString(), "--job-repository", CliTestSupport.repository(dir));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig")).isZero();
        assertThat(CliTestSupport.readCsv(dir.resolve("reports/plan.csv"))).extracting(m -> m.get("outcome"))
                .containsExactly("WOULD_DISASSOCIATE", "ALREADY_ABSENT");
    }
}
