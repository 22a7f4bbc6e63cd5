package dev.eksidp.job;

import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.remediation.Mode;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.eksidp.job.JobTestFixtures.report;
import static dev.eksidp.job.JobTestFixtures.settings;
import static dev.eksidp.job.JobTestFixtures.targets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials that hold for any run length: expired ones are assumed again when the service says so, and a role
 * that refuses the session length asked for gets a shorter one. The real job and SDK against the simulator.
 */
@SpringBatchTest
@SpringJUnitConfig({BatchInfrastructureConfiguration.class, RemediationJobConfiguration.class})
@TestPropertySource(properties = "eksidp.job-repository=jdbc:h2:mem:credentials-test;DB_CLOSE_DELAY=-1")
class CredentialsTest {

    private static final String A = "511111111111";
    private static final String B = "522222222222";

    @Autowired
    JobOperatorTestUtils jobs;

    @TempDir
    Path tmp;

    /**
     * The service's clock jumps two hours while --wait polls: every session the run holds is expired for EKS,
     * though its Expiration, by the run's own clock, is an hour away. The run assumes the roles again and polls on.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void credentialsThatExpireWhileWaitingAreAssumedAgainAndEveryUpdateEndsSuccessful() throws Exception {
        Fleet fleet = Fleet.of(List.of(
                        Account.of(A, clusters(4)), Account.of(B, clusters(4))))
                // Updates take an hour of simulator time: they end only when the clock jumps.
                .withUpdateDurationMs(Duration.ofHours(1).toMillis());
        Path file = targets(tmp, IntStream.range(0, 8).mapToObj(i -> (i < 4 ? A : B) + ",us-east-1,c" + (i % 4) + ",oidc,okta").toList());
        RunSettings settings = JobTestFixtures.waiting(settings(Mode.APPLY, file, tmp.resolve("report")));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            CompletableFuture<Void> jump = CompletableFuture.runAsync(() -> {
                while (aws.stats().calls("DescribeUpdate") == 0) {
                    Thread.onSpinWait();
                }
                aws.simulator().advanceClock(Duration.ofHours(2));
            });
            var execution = jobs.startJob(JobTestFixtures.parameters(settings));
            jump.get(5, TimeUnit.SECONDS);

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(report(tmp.resolve("report"), Mode.APPLY)).hasSize(8).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED");
                assertThat(r.get("update_status")).isEqualTo("Successful");
                assertThat(r.get("error_code")).isEmpty();
            });
            assertThat(aws.stats().calls("DescribeUpdate", 403)).as("polls refused as expired").isPositive();
            assertThat(aws.stats().assumeRoleCallsPerAccount()).containsEntry(A, 2L).containsEntry(B, 2L);
        }
    }

    @Test
    void aRoleThatRefusesTheSessionLengthGetsAShorterOneAndTheSummarySaysSo() throws Exception {
        // IAM's default maximum session is one hour; --session-duration 43200 asks for twelve.
        Fleet fleet = Fleet.of(List.of(Account.of(A, clusters(2))));
        Path file = targets(tmp, List.of(A + ",us-east-1,c0,oidc,okta", A + ",us-east-1,c1,oidc,okta"));
        RunSettings settings = JobTestFixtures.withSessionDuration(settings(Mode.APPLY, file, tmp.resolve("report")), 43200);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(report(tmp.resolve("report"), Mode.APPLY)).extracting(r -> r.get("outcome"))
                    .containsOnly("DISASSOCIATED");
            assertThat(aws.stats().calls("AssumeRole", 400)).isEqualTo(1);
            assertThat(aws.stats().calls("AssumeRole", 200)).isEqualTo(1);
            assertThat(Files.readString(tmp.resolve("report/summary.md")))
                    .contains("refused a session of 43200 s").contains("3600 s used");
        }
    }

    @Test
    void aBaseIdentityThatIsAnAssumedRoleIsCappedAtOneHourAndTheSummarySaysSo() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, clusters(1))))
                .withCredentials(new Fleet.CredentialPolicy(3600, 43200, true));
        Path file = targets(tmp, List.of(A + ",us-east-1,c0,oidc,okta"));
        RunSettings settings = JobTestFixtures.withSessionDuration(settings(Mode.APPLY, file, tmp.resolve("report")), 7200);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            jobs.startJob(JobTestFixtures.parameters(settings));

            Map<String, String> row = report(tmp.resolve("report"), Mode.APPLY).getFirst();
            assertThat(row.get("outcome")).isEqualTo("DISASSOCIATED");
            // Known before the first AssumeRole: no refused call.
            assertThat(aws.stats().calls("AssumeRole", 400)).isZero();
            assertThat(Files.readString(tmp.resolve("report/summary.md")))
                    .contains("is an assumed role: role chaining caps every session at 1 h");
        }
    }

    private static Cluster[] clusters(int n) {
        return IntStream.range(0, n).mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta")))
                .toArray(Cluster[]::new);
    }
}
