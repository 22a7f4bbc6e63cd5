package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes are a contract with schedulers: each one, from the command line down. */
class ExitCodesTest {

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

    static Fleet fleet() {
        return Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                Fleet.Cluster.of(R, "prod-b", Fleet.IdentityProvider.oidc("corp-okta")))))
                .withUpdateDurationMs(100);
    }

    Path targets(String... rows) {
        return CliTestSupport.targets(dir.resolve("targets.csv"), List.of(rows));
    }

    String repo() {
        return CliTestSupport.repository(dir);
    }

    String reports() {
        return dir.resolve("reports").toString();
    }

    /** A usage error: a one-line "error:" message, a pointer to --help, and no stack trace. */
    static void assertUsageError(CliTestSupport.Result r, String command, String messagePart) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("error: ").contains(messagePart);
        assertThat(lines.get(1)).isEqualTo("Try 'eks-idp-remediation " + command + " --help'.");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void allCleanIsZero() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets(row(A, R, "prod-a", "corp-okta")).toString(),
                "--report-dir", reports(), "--job-repository", repo());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).isNotEqualTo(java.util.Optional.of("ACTIVE"));
        assertThat(r.out()).contains("DISASSOCIATED=1");
    }

    @Test
    void someRowsNeedingAttentionIsTwo() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, "apply", "--yes", "--targets",
                targets(row(A, R, "prod-a", "corp-okta"), row(A, R, "no-such-cluster", "corp-okta")).toString(),
                "--report-dir", reports(), "--job-repository", repo(), "--backoff", "10");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        assertThat(CliTestSupport.readCsv(dir.resolve("reports/report.csv"))).extracting(m -> m.get("outcome"))
                .containsExactly("DISASSOCIATED", "CLUSTER_NOT_FOUND");
    }

    @Test
    void unknownFlagIsAUsageError() {
        var r = CliTestSupport.run(null, "plan", "--targets", targets(row(A, R, "prod-a", "corp-okta")).toString(),
                "--no-such-flag", "--job-repository", repo());
        assertUsageError(r, "plan", "--no-such-flag");
    }

    @Test
    void missingTargetsIsAUsageError() {
        var r = CliTestSupport.run(null, "plan", "--job-repository", repo());
        assertUsageError(r, "plan", "--targets");
    }

    @Test
    void missingTargetsFileIsAUsageError() {
        var r = CliTestSupport.run(null, "apply", "--yes", "--targets", dir.resolve("nope.csv").toString(),
                "--job-repository", repo());
        assertUsageError(r, "apply", "nope.csv");
        assertThat(dir.resolve("db.mv.db")).as("nothing was done: no repository created").doesNotExist();
    }

    @Test
    void fileLackingARequiredColumnIsAUsageError() throws Exception {
        Path file = dir.resolve("no-provider-name.csv");
        Files.writeString(file, "account_id,region,cluster_name,provider_type\n" + A + "," + R + ",prod-a,oidc\n");
        var r = CliTestSupport.run(null, "plan", "--targets", file.toString(), "--job-repository", repo());
        assertUsageError(r, "plan", "provider_name");
    }

    @Test
    void applyWithoutYesAndWithoutTerminalIsRefused() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, false, "yes\n", "apply", "--targets",
                targets(row(A, R, "prod-a", "corp-okta")).toString(), "--report-dir", reports(), "--job-repository", repo());
        assertUsageError(r, "apply", "--yes");
        assertThat(sim.stats().eksCalls() + sim.stats().stsCalls()).isZero();
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
    }

    @Test
    void applyOnATerminalAnsweredNoIsRefused() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, true, "no\n", "apply", "--targets",
                targets(row(A, R, "prod-a", "corp-okta"), row(A, R, "prod-b", "corp-okta")).toString(),
                "--report-dir", reports(), "--job-repository", repo());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("About to DISASSOCIATE identity provider configs: 2 targets in 1 accounts")
                .contains(A + "  2").contains("Type 'yes' to continue").contains("error: not confirmed")
                .contains("Acting as arn:aws:");
        assertOnlyThePreFlight();
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
    }

    @Test
    void applyOnATerminalWithNoAnswerIsRefused() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, true, "", "apply", "--targets",
                targets(row(A, R, "prod-a", "corp-okta")).toString(), "--report-dir", reports(), "--job-repository", repo());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertOnlyThePreFlight();
    }

    /** The prompt names who acts: the pre-flight's GetCallerIdentity is the only call before the answer. */
    private void assertOnlyThePreFlight() {
        assertThat(sim.stats().eksCalls()).isZero();
        assertThat(sim.stats().stsCalls()).isEqualTo(sim.stats().calls("GetCallerIdentity")).isEqualTo(1);
    }

    @Test
    void applyOnATerminalAnsweredYesProceeds() {
        sim = Simulator.start(fleet(), 0);
        var r = CliTestSupport.run(sim, true, " YES \n", "apply", "--targets",
                targets(row(A, R, "prod-a", "corp-okta")).toString(), "--report-dir", reports(), "--job-repository", repo());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("Type 'yes' to continue");
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "apply", "resume", "executions", "simulator"})
    void helpOnEachSubcommandIsZero(String command) {
        var r = CliTestSupport.run(null, command, "--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: eks-idp-remediation " + command).contains("Exit codes:");
        // The list itself, one code a line: "exit 64" also appears in option descriptions above it.
        String codes = r.out().substring(r.out().indexOf("Exit codes:"));
        assertThat(codes).as(r.out()).containsPattern("(?m)^  0 ").containsPattern("(?m)^  64 ");
        if (!command.equals("executions") && !command.equals("simulator")) {
            assertThat(codes).as(r.out()).containsPattern("(?m)^  75 ");
        }
        if (command.equals("apply")) {
            assertThat(r.out()).contains("--yes").contains("every row DISASSOCIATED or ALREADY_ABSENT")
                    .contains("finished; some rows need attention");
        }
    }

    @Test
    void rootHelpIsZeroAndNoCommandIsAUsageError() {
        assertThat(CliTestSupport.run(null, "--help").exit()).isZero();
        var r = CliTestSupport.run(null);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("error: missing command");
    }

    @Test
    void resumeWithNothingToResumeIsAUsageError() {
        var r = CliTestSupport.run(null, "resume", "--job-repository", repo());
        assertUsageError(r, "resume", "no unfinished run");
    }
}
