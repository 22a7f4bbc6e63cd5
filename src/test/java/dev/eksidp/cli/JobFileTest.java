package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** --job FILE: a reviewed YAML file supplies the options; the command line wins; typos and wrong modes are refused. */
class JobFileTest {

    static final String A = "111111111111";
    static final String R = "us-east-1";

    @TempDir
    Path dir;

    Simulator sim;
    Path targets;

    @BeforeEach
    void start() {
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta"))))).withUpdateDurationMs(100), 0);
        targets = CliTestSupport.targets(dir.resolve("targets.csv"), List.of(row(A, R, "prod-a", "corp-okta")));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Path jobFile(String yaml) throws Exception {
        Path file = dir.resolve("job.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The parameters of the newest execution, read straight from the H2 repository. */
    Map<String, String> lastParameters() throws Exception {
        Map<String, String> params = new HashMap<>();
        try (var c = DriverManager.getConnection(CliTestSupport.repository(dir));
             var rs = c.createStatement().executeQuery("SELECT PARAMETER_NAME, PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS "
                     + "WHERE JOB_EXECUTION_ID = (SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION)")) {
            while (rs.next()) {
                params.put(rs.getString(1), rs.getString(2));
            }
        }
        return params;
    }

    /** A one-line error, a --help pointer, no stack trace (which help: see the disabled test below). */
    static void assertJobFileUsageError(CliTestSupport.Result r, String messagePart) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("error: ").contains(messagePart);
        assertThat(lines.get(1)).startsWith("Try 'eks-idp-remediation").endsWith(" --help'.");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jobFileErrorPointsAtTheSubcommandsHelp() throws Exception {
        Path job = jobFile("""
                targets: %s
                eks-rat: 7
                """.formatted(targets));

        var r = CliTestSupport.run(sim, "plan", "--job", job.toString(), "--job-repository", CliTestSupport.repository(dir));

        ExitCodesTest.assertUsageError(r, "plan", "'eks-rat' is not an option of plan");
    }

    @Test
    void jobFileSuppliesTheOptions() throws Exception {
        Path job = jobFile("""
                description: take corp-okta off prod-a (CHG-1234)
                mode: plan
                targets: %s
                report-dir: %s
                eks-rate: 7
                sts-rate: 3
                max-attempts: 4
                job-repository: "%s"
                """.formatted(targets, dir.resolve("from-file"), CliTestSupport.repository(dir)));

        var r = CliTestSupport.run(sim, "plan", "--job", job.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(CliTestSupport.readCsv(dir.resolve("from-file/plan.csv"))).extracting(m -> m.get("outcome"))
                .containsExactly("WOULD_DISASSOCIATE");
        assertThat(lastParameters()).containsEntry("eks.rate", "7.0").containsEntry("sts.rate", "3.0")
                .containsEntry("max.attempts", "4").containsEntry("eks.burst", "7")
                .containsEntry("targets.file", targets.toAbsolutePath().toString());
    }

    @Test
    void commandLineOptionOverridesTheFile() throws Exception {
        Path job = jobFile("""
                targets: %s
                report-dir: %s
                eks-rate: 7
                """.formatted(targets, dir.resolve("from-file")));

        var r = CliTestSupport.run(sim, "plan", "--job=" + job, "--eks-rate", "2.5", "--report-dir",
                dir.resolve("from-cli").toString(), "--job-repository", CliTestSupport.repository(dir));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dir.resolve("from-cli/plan.csv")).exists();
        assertThat(dir.resolve("from-file")).doesNotExist();
        assertThat(lastParameters()).containsEntry("eks.rate", "2.5");
    }

    @Test
    void applyJobFileRunsApply() throws Exception {
        Path job = jobFile("""
                mode: apply
                targets: %s
                report-dir: %s
                yes: true
                """.formatted(targets, dir.resolve("reports")));

        var r = CliTestSupport.run(sim, "apply", "--job", job.toString(), "--job-repository", CliTestSupport.repository(dir));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig")).isEqualTo(1);
    }

    @Test
    void unknownKeyIsAUsageError() throws Exception {
        Path job = jobFile("""
                targets: %s
                eks-rat: 7
                """.formatted(targets));

        var r = CliTestSupport.run(sim, "plan", "--job", job.toString(), "--job-repository", CliTestSupport.repository(dir));

        assertJobFileUsageError(r, "'eks-rat' is not an option of plan");
        assertThat(sim.stats().eksCalls() + sim.stats().stsCalls()).isZero();
    }

    @Test
    void planJobRunWithApplyIsRefused() throws Exception {
        Path job = jobFile("""
                mode: plan
                targets: %s
                report-dir: %s
                """.formatted(targets, dir.resolve("reports")));

        var r = CliTestSupport.run(sim, "apply", "--yes", "--job", job.toString(),
                "--job-repository", CliTestSupport.repository(dir));

        assertJobFileUsageError(r, "is a 'plan' job");
        assertThat(sim.stats().eksCalls() + sim.stats().stsCalls()).isZero();
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
    }

    @Test
    void missingOrMalformedJobFileIsAUsageError() throws Exception {
        var missing = CliTestSupport.run(sim, "plan", "--job", dir.resolve("nope.yml").toString());
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).startsWith("error: cannot read job file").doesNotContain("\tat ");

        Path list = jobFile("- targets.csv\n");
        var notAMapping = CliTestSupport.run(sim, "plan", "--job", list.toString());
        assertThat(notAMapping.exit()).as(notAMapping.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(notAMapping.err()).contains("must be a YAML mapping");
    }
}
