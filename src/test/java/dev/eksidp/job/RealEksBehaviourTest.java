package dev.eksidp.job;

import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.testing.SystemProperties;
import dev.eksidp.remediation.Mode;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.eksidp.job.JobTestFixtures.report;
import static dev.eksidp.job.JobTestFixtures.settings;
import static dev.eksidp.job.JobTestFixtures.targets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How real EKS and STS answer, from public issue logs, with the simulator told to answer that way: the outcome of
 * every row comes from error codes and a fresh look at the cluster, never from message text. The real job and SDK.
 */
@SpringBatchTest
@SpringJUnitConfig({BatchInfrastructureConfiguration.class, RemediationJobConfiguration.class})
@TestPropertySource(properties = "eksidp.job-repository=jdbc:h2:mem:real-eks-test;DB_CLOSE_DELAY=-1")
class RealEksBehaviourTest {

    private static final String A = "711111111111";
    private static final String B = "722222222222";

    @Autowired
    JobOperatorTestUtils jobs;

    @TempDir
    Path tmp;

    List<Map<String, String>> apply(Fleet fleet, List<String> rows, Mode mode) throws Exception {
        return apply(fleet, rows, settings(mode, targets(tmp, rows), tmp.resolve("report")));
    }

    List<Map<String, String>> apply(Fleet fleet, List<String> rows, RunSettings settings) throws Exception {
        Mode mode = settings.mode();
        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            var execution = jobs.startJob(JobTestFixtures.parameters(settings));
            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            lastStats = aws.stats();
            return report(tmp.resolve("report"), mode);
        }
    }

    dev.eksidp.simulator.SimulatorStats lastStats;

    @Test
    void aConfigNoLongerAssociatedIsAlreadyAbsentAlsoAsA400AndTheMessageSaysWhatTheClusterHas() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A,
                        Cluster.of("us-east-1", "prod", IdentityProvider.oidc("legacy-dex")),
                        Cluster.of("us-east-1", "bare"),
                        new Cluster("us-east-1", "ghost", "ACTIVE", 0, List.of(IdentityProvider.oidc("corp-okta")), true))))
                // Also: ListIdentityProviderConfigs refuses a page size, which the look at "what is there" must not send.
                .withQuirks(new Fleet.Quirks(true, false, true, null));
        List<Map<String, String>> rows = apply(fleet, List.of(
                A + ",us-east-1,prod,oidc,corp-okta",
                A + ",us-east-1,bare,oidc,corp-okta",
                A + ",us-east-1,ghost,oidc,corp-okta"), Mode.APPLY);

        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("ALREADY_ABSENT", "ALREADY_ABSENT", "CLUSTER_NOT_FOUND");
        assertThat(rows.get(0).get("error_message")).isEqualTo("the cluster has: legacy-dex");
        assertThat(rows.get(1).get("error_message")).isEqualTo("the cluster has no identity provider config");
        assertThat(lastStats.calls("DisassociateIdentityProviderConfig", 400)).isEqualTo(2);
        assertThat(lastStats.calls("ListIdentityProviderConfigs", 400)).isZero();
    }

    @Test
    void throttlingAsTooManyRequestsExceptionIsPacedLikeAnyOther() throws Exception {
        Cluster[] clusters = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("corp-okta"))).toArray(Cluster[]::new);
        Fleet fleet = Fleet.of(List.of(Account.of(A, clusters)))
                .withLimits(new Fleet.Limits(new Fleet.Rate(10, 2), null))
                .withQuirks(new Fleet.Quirks(false, false, false, "TooManyRequestsException"));
        List<String> targets = java.util.stream.IntStream.range(0, 8).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,corp-okta").toList();
        // Twice the service's rate: throttled at first, then paced; attempts enough that pacing, not luck, decides.
        RunSettings settings = JobTestFixtures.withRates(settings(Mode.APPLY, targets(tmp, targets), tmp.resolve("report")), 20, 4, 20);
        List<Map<String, String>> rows = apply(fleet, targets, settings);
        assertThat(rows).extracting(r -> r.get("outcome")).containsOnly("DISASSOCIATED");
        assertThat(lastStats.eksThrottles()).as("the run was throttled").isPositive();
    }

    @Test
    void aConfigAnotherUpdateIsRemovingIsAlreadyAbsentAndNamesThatUpdate() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A,
                        Cluster.of("us-east-1", "prod", new IdentityProvider("corp-okta", "oidc", null, null, "DELETING")))))
                .withUpdateDurationMs(600_000);
        for (Mode mode : List.of(Mode.PLAN, Mode.APPLY)) {
            Map<String, String> row = apply(fleet, List.of(A + ",us-east-1,prod,oidc,corp-okta"), mode).getFirst();
            assertThat(row.get("outcome")).as(mode.name()).isEqualTo("ALREADY_ABSENT");
            assertThat(row.get("error_code")).isEqualTo("ProviderDeleting");
            assertThat(row.get("error_message")).startsWith("another update is removing it (update ").endsWith(", InProgress)");
        }
    }

    /**
     * Every disassociation is carried out but its answer is lost, and the service no longer replays the token once
     * the update ended: the retries find the config gone. Those are this run's changes, and say so.
     */
    @Test
    void aChangeWhoseAnswerWasLostIsReportedAsThisRunsChangeWithItsUpdate() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A,
                        Cluster.of("us-east-1", "c1", IdentityProvider.oidc("corp-okta")),
                        Cluster.of("us-east-1", "c2", IdentityProvider.oidc("corp-okta")),
                        Cluster.of("us-east-1", "c3", IdentityProvider.oidc("corp-okta")))))
                .withFaults(new Fleet.Faults(0, 0, 7, 1.0))
                .withQuirks(new Fleet.Quirks(false, true, false, null))
                .withUpdateDurationMs(100);
        List<Map<String, String>> rows = apply(fleet, List.of(
                A + ",us-east-1,c1,oidc,corp-okta", A + ",us-east-1,c2,oidc,corp-okta", A + ",us-east-1,c3,oidc,corp-okta"),
                Mode.APPLY);

        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED");
            assertThat(r.get("update_id")).as("recovered through ListUpdates").isNotEmpty();
            assertThat(r.get("error_code")).isEqualTo("ResponseLost");
        });
        assertThat(lastStats.maxChangesPerProvider()).isEqualTo(1);
    }

    @Test
    void aNameThatOnlyLooksLikeTheConfigOnTheClusterIsAMismatchAndNothingChanges() throws Exception {
        List<String> lookAlikes = List.of("Corp-Okta", "corp-okta\u00A0", "corp\u200B-okta", "corp-\u043Ekta");
        Cluster[] clusters = new Cluster[lookAlikes.size() + 1];
        for (int i = 0; i <= lookAlikes.size(); i++) {
            clusters[i] = Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("corp-okta"));
        }
        Fleet fleet = Fleet.of(List.of(Account.of(A, clusters)));
        List<String> targets = new java.util.ArrayList<>();
        for (int i = 0; i < lookAlikes.size(); i++) {
            targets.add(A + ",us-east-1,c" + i + ",oidc," + lookAlikes.get(i));
        }
        targets.add(A + ",us-east-1,c" + lookAlikes.size() + ",oidc,legacy-dex");

        for (Mode mode : List.of(Mode.PLAN, Mode.APPLY)) {
            List<Map<String, String>> rows = apply(fleet, targets, mode);
            for (int i = 0; i < lookAlikes.size(); i++) {
                assertThat(rows.get(i).get("outcome")).as(mode + " " + lookAlikes.get(i)).isEqualTo("PROVIDER_MISMATCH");
                assertThat(rows.get(i).get("error_message")).startsWith("the cluster has 'corp-okta', which differs from");
            }
            assertThat(rows.getLast().get("outcome")).isEqualTo("ALREADY_ABSENT");
            assertThat(rows.getLast().get("error_message")).isEqualTo("the cluster has: corp-okta");
            assertThat(lastStats.calls("DisassociateIdentityProviderConfig", 200)).isZero();
        }
    }

    @Test
    void anAccountWhoseStsIsOffInTheHubsRegionIsReachedThroughAnotherEndpoint() throws Exception {
        // The hub calls STS in us-east-1, which cannot be turned off; B has turned off eu-west-1, its clusters' region,
        // which matters to a hub in eu-west-1: here the row's own region is the one that fails, and us-east-1 works.
        Fleet fleet = Fleet.of(List.of(
                new Account(B, null, null, false, List.of(Cluster.of("eu-west-1", "prod", IdentityProvider.oidc("corp-okta"))),
                        List.of("eu-west-1"))));
        Path file = targets(tmp, List.of(B + ",eu-west-1,prod,oidc,corp-okta"));
        try (SimulatedAws aws = SimulatedAws.start(fleet);
             SystemProperties hub = new SystemProperties().set("aws.region", "eu-west-1")) {
            jobs.startJob(JobTestFixtures.parameters(settings(Mode.APPLY, file, tmp.resolve("report"))));
            Map<String, String> row = report(tmp.resolve("report"), Mode.APPLY).getFirst();
            assertThat(row.get("outcome")).isEqualTo("DISASSOCIATED");
            assertThat(aws.stats().calls("AssumeRole", 403)).isEqualTo(1);
            assertThat(java.nio.file.Files.readString(tmp.resolve("report/summary.md")))
                    .contains("STS is deactivated for account " + B + " in eu-west-1; its role was assumed through us-east-1");
        }
    }

    @Test
    void aMadeUpRegionIsAnInvalidTargetAndIsNeverSent() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, Cluster.of("us-east-1", "prod", IdentityProvider.oidc("corp-okta")))));
        List<Map<String, String>> rows = apply(fleet, List.of(A + ",eu-west-9,prod,oidc,corp-okta"), Mode.APPLY);
        assertThat(rows.getFirst().get("outcome")).isEqualTo("INVALID_TARGET");
        assertThat(rows.getFirst().get("error_message")).startsWith("unknown region 'eu-west-9'");
        assertThat(lastStats.eksCalls()).isZero();
    }
}
