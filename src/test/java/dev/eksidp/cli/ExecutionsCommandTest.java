package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** executions: the runs of a repository, newest first, with mode, status and outcome counts; --status filters; --output json. */
class ExecutionsCommandTest {

    static final String A = "111111111111";
    static final String R = "us-east-1";

    @TempDir
    Path dir;

    Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    List<String> executions(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "executions";
        args[1] = "--job-repository";
        args[2] = CliTestSupport.repository(dir);
        System.arraycopy(extra, 0, args, 3, extra.length);
        var r = CliTestSupport.run(null, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().toList();
    }

    @Test
    void listsPlanAndApplyWithStatusAndOutcomesAndFiltersByStatus() throws Exception {
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                Fleet.Cluster.of(R, "prod-b")))).withUpdateDurationMs(100), 0);
        Path targets = CliTestSupport.targets(dir.resolve("targets.csv"),
                List.of(row(A, R, "prod-a", "corp-okta"), row(A, R, "prod-b", "corp-okta")));
        String repo = CliTestSupport.repository(dir);

        assertThat(executions()).containsExactly(executions().getFirst(), "(no runs)", "Job repository: " + repo);

        var plan = CliTestSupport.run(sim, "plan", "--targets", targets.toString(), "--report-dir",
                dir.resolve("plan").toString(), "--job-repository", repo);
        assertThat(plan.exit()).as(plan.toString()).isZero();
        var apply = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets.toString(), "--report-dir",
                dir.resolve("apply").toString(), "--job-repository", repo);
        assertThat(apply.exit()).as(apply.toString()).isZero();
        // A run whose reports cannot be written is refused before any AWS call, and leaves no execution.
        Path notADirectory = Files.writeString(dir.resolve("not-a-dir"), "x");
        var refused = CliTestSupport.run(sim, "plan", "--targets", targets.toString(), "--report-dir",
                notADirectory.resolve("reports").toString(), "--job-repository", repo);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("cannot write to --report-dir");

        List<String> all = executions();
        assertThat(all.getFirst()).contains("ID").contains("MODE").contains("STATUS").contains("RUN ID")
                .contains("OUTCOMES").contains("REPORT DIR");
        assertThat(all).hasSize(4);
        assertThat(all.getLast()).isEqualTo("Job repository: " + repo);
        // Newest first.
        assertThat(all.get(1)).containsPattern("^\\d+\\s+apply\\s+COMPLETED\\s").contains("DISASSOCIATED=1")
                .contains("ALREADY_ABSENT=1").doesNotContain("WOULD_").contains(dir.resolve("apply").toAbsolutePath().toString())
                .contains(apply.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow().split(" ")[1]);
        assertThat(all.get(2)).containsPattern("^\\d+\\s+plan\\s+COMPLETED\\s").contains("WOULD_DISASSOCIATE=1")
                .contains("ALREADY_ABSENT=1");
        // Times carry their zone.
        assertThat(all.get(1)).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+");

        List<String> onlyCompleted = executions("--status", "COMPLETED");
        assertThat(onlyCompleted).containsExactlyElementsOf(all);

        assertThat(executions("--status", "STOPPED")).containsExactly(all.get(0), "(no runs)", all.getLast());
        assertThat(executions("--limit", "1")).containsExactly(all.get(0), all.get(1), all.getLast());

        var json = CliTestSupport.run(null, "executions", "--output", "json", "--job-repository", repo);
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.out());
        assertThat(runs.isArray()).isTrue();
        assertThat(runs).hasSize(2);
        JsonNode applied = runs.get(0);
        assertThat(applied.get("mode").asText()).isEqualTo("apply");
        assertThat(applied.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(applied.get("outcomes").get("DISASSOCIATED").asLong()).isEqualTo(1);
        assertThat(applied.get("outcomes").get("ALREADY_ABSENT").asLong()).isEqualTo(1);
        assertThat(applied.get("targetsFile").asText()).isEqualTo(targets.toAbsolutePath().toString());
        assertThat(applied.get("reportDir").asText()).isEqualTo(dir.resolve("apply").toAbsolutePath().toString());
        assertThat(applied.get("start").asText()).doesNotContain(".");
        assertThat(java.time.Instant.parse(applied.get("end").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(applied.get("start").asText()));
        assertThat(all.get(1)).startsWith(applied.get("executionId").asText() + " ");
        assertThat(CliTestSupport.run(null, "executions", "--output", "json", "--status", "STOPPED", "--job-repository", repo)
                .out().trim()).isEqualTo("[]");

        var badStatus = CliTestSupport.run(null, "executions", "--status", "BOGUS", "--job-repository", repo);
        ExitCodesTest.assertUsageError(badStatus, "executions", "BOGUS");
    }
}
