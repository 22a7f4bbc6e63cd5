package dev.eksidp.job;

import dev.eksidp.job.remediation.RemediationJobConfiguration;
import dev.eksidp.remediation.Mode;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.eksidp.job.JobTestFixtures.outcomesByLine;
import static dev.eksidp.job.JobTestFixtures.report;
import static dev.eksidp.job.JobTestFixtures.settings;
import static dev.eksidp.job.JobTestFixtures.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The real job, the real SDK over HTTP with SigV4, and the simulator standing in for EKS and STS. */
@SpringBatchTest
@SpringJUnitConfig({BatchInfrastructureConfiguration.class, RemediationJobConfiguration.class})
@TestPropertySource(properties = "eksidp.job-repository=jdbc:h2:mem:remediation-job-test;DB_CLOSE_DELAY=-1")
class RemediationJobTest {

    private static final String A = "111111111111";
    private static final String B = "222222222222";
    private static final String C = "333333333333";

    @Autowired
    JobOperatorTestUtils jobs;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path tmp;

    @Test
    void applyReportsEveryOutcomeOncePerInputRowInInputOrder() throws Exception {
        Fleet fleet = Fleet.of(List.of(
                Account.of(A,
                        Cluster.of("us-east-1", "prod", IdentityProvider.oidc("okta")),
                        // EKS runs one update per cluster: the provider being removed has its own cluster.
                        Cluster.of("us-east-1", "other", new IdentityProvider("leaving", "oidc", null, null, "DELETING")),
                        new Cluster("eu-west-1", "busy", "ACTIVE", 2, List.of(IdentityProvider.oidc("okta")))),
                new Account(B, null, null, true, List.of(Cluster.of("us-east-1", "prod", IdentityProvider.oidc("okta")))),
                Account.of(C, new Cluster("us-east-1", "upgrading", "UPDATING", 0, List.of(IdentityProvider.oidc("okta"))))))
                .withUpdateDurationMs(60_000);
        Path file = targets(tmp, List.of(
                A + ",us-east-1,prod,oidc,okta",          // 2 DISASSOCIATED
                A + ",us-east-1,other,oidc,leaving",      // 3 ALREADY_ABSENT: another change is removing it
                A + ",us-east-1,prod,oidc,never-there",   // 4 ALREADY_ABSENT
                A + ",us-east-1,missing,oidc,okta",       // 5 CLUSTER_NOT_FOUND
                A + ",eu-west-1,busy,oidc,okta",          // 6 DISASSOCIATED after two 409s
                B + ",us-east-1,prod,oidc,okta",          // 7 ACCESS_DENIED
                B + ",us-east-1,other,oidc,okta",         // 8 ACCESS_DENIED, without a second AssumeRole
                C + ",us-east-1,upgrading,oidc,okta",     // 9 BLOCKED: cluster not ACTIVE, as plan says
                "12345,us-east-1,prod,oidc,okta",         // 10 INVALID_TARGET
                A + ",us-east-1,prod,oidc,okta"));        // 11 DUPLICATE of line 2
        RunSettings settings = JobTestFixtures.withRates(settings(Mode.APPLY, file, tmp.resolve("report")), 50, 50, 4);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            List<Map<String, String>> rows = report(tmp.resolve("report"), Mode.APPLY);
            assertThat(outcomesByLine(rows)).containsExactly(
                    entry("2", "DISASSOCIATED"), entry("3", "ALREADY_ABSENT"), entry("4", "ALREADY_ABSENT"),
                    entry("5", "CLUSTER_NOT_FOUND"), entry("6", "DISASSOCIATED"), entry("7", "ACCESS_DENIED"),
                    entry("8", "ACCESS_DENIED"), entry("9", "BLOCKED"), entry("10", "INVALID_TARGET"),
                    entry("11", "DUPLICATE"));
            Map<String, String> busy = rows.get(4);
            assertThat(busy.get("attempts")).isEqualTo("3");
            assertThat(busy.get("update_status")).isEqualTo("InProgress");
            assertThat(busy.get("update_id")).isNotEmpty();
            assertThat(rows.get(7).get("error_code")).isEqualTo("ClusterNotActive");
            assertThat(rows.get(7).get("error_message")).isEqualTo("cluster status is UPDATING");
            assertThat(rows.get(9).get("error_message")).isEqualTo("same target as line 2");
            assertThat(aws.simulator().providerStatus(A, "us-east-1", "prod", "okta")).contains("DELETING");
            assertThat(aws.stats().assumeRoleCallsPerAccount()).containsEntry(A, 1L).containsEntry(B, 1L).containsEntry(C, 1L);
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
            assertThat(aws.stats().crossAccountMisses()).isZero();
            assertThat(tmp.resolve("report/summary.md")).content().contains("| BLOCKED | 1 |");
            // Retries: every tried row's attempts beyond its first, as the report's attempts column has them.
            long retries = rows.stream().mapToLong(r -> Long.parseLong(r.get("attempts"))).filter(n -> n > 0)
                    .map(n -> n - 1).sum();
            assertThat(retries).isGreaterThanOrEqualTo(2);
            var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("report/summary.json").toFile());
            assertThat(summary.get("retries").get("retries").asLong()).isEqualTo(retries);
            assertThat(summary.get("retries").get("eksThrottles").asLong()).isNotNegative();
        }
    }

    @Test
    void planMakesOnlyReadCalls() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A,
                Cluster.of("us-east-1", "prod", IdentityProvider.oidc("okta")),
                new Cluster("us-east-1", "upgrading", "UPDATING", 0, List.of(IdentityProvider.oidc("okta"))))));
        Path file = targets(tmp, List.of(A + ",us-east-1,prod,oidc,okta", A + ",us-east-1,prod,oidc,gone",
                A + ",us-east-1,upgrading,oidc,okta", A + ",us-east-1,missing,oidc,okta"));
        RunSettings settings = settings(Mode.PLAN, file, tmp.resolve("plan"));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(outcomesByLine(report(tmp.resolve("plan"), Mode.PLAN))).containsExactly(
                    entry("2", "WOULD_DISASSOCIATE"), entry("3", "ALREADY_ABSENT"), entry("4", "BLOCKED"),
                    entry("5", "CLUSTER_NOT_FOUND"));
            assertThat(aws.stats().calls("DisassociateIdentityProviderConfig")).isZero();
            assertThat(aws.stats().calls("AssociateIdentityProviderConfig")).isZero();
            assertThat(aws.simulator().providerStatus(A, "us-east-1", "prod", "okta")).contains("ACTIVE");
        }
    }

    /**
     * A crash after EKS accepted some calls but before their outcomes were committed: the resumed run must send
     * the same tokens, so EKS replays the updates it already made instead of starting new changes.
     */
    @Test
    void resumeAfterACrashReplaysTheSameTokens() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, IntStream.range(0, 6)
                .mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta"))).toArray(Cluster[]::new))))
                .withUpdateDurationMs(60_000);
        Path file = targets(tmp, IntStream.range(0, 6).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,okta").toList());
        RunSettings settings = settings(Mode.APPLY, file, tmp.resolve("report"));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution first = jobs.startJob(JobTestFixtures.parameters(settings));
            Map<String, String> firstUpdates = updateIds(report(tmp.resolve("report"), Mode.APPLY));
            simulateCrashLosingOutcomes(first, settings.runId(), List.of(3L, 5L, 6L));

            JobExecution resumed = jobOperator.restart(jobRepository.getJobExecution(first.getId()));

            assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            List<Map<String, String>> rows = report(tmp.resolve("report"), Mode.APPLY);
            assertThat(rows).hasSize(6).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            assertThat(updateIds(rows)).isEqualTo(firstUpdates);
            assertThat(aws.stats().idempotentReplays()).isEqualTo(3);
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
        }
    }

    @Test
    void aThrottlingStormEndsInSuccessWhenTheConfiguredRateIsTooHigh() throws Exception {
        // 30 EKS calls (two a row) where the simulator allows 10/s, at a configured 100/s: about 3 s.
        Fleet fleet = Fleet.of(List.of(Account.of(A, IntStream.range(0, 15)
                        .mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta"))).toArray(Cluster[]::new))))
                .withLimits(new Fleet.Limits(new Fleet.Rate(10, 5), null));
        Path file = targets(tmp, IntStream.range(0, 15).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,okta").toList());
        RunSettings settings = JobTestFixtures.withRates(settings(Mode.APPLY, file, tmp.resolve("report")), 100, 100, 8);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(report(tmp.resolve("report"), Mode.APPLY))
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            assertThat(aws.stats().eksThrottles()).isPositive();
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
        }
    }

    @Test
    void transientFaultsAndDroppedConnectionsEndInSuccess() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, IntStream.range(0, 40)
                        .mapToObj(i -> Cluster.of(i % 2 == 0 ? "us-east-1" : "eu-west-1", "c" + i, IdentityProvider.oidc("okta")))
                        .toArray(Cluster[]::new))))
                .withFaults(new Fleet.Faults(0.15, 0.05, 7));
        Path file = targets(tmp, IntStream.range(0, 40)
                .mapToObj(i -> A + "," + (i % 2 == 0 ? "us-east-1" : "eu-west-1") + ",c" + i + ",oidc,okta").toList());
        RunSettings settings = JobTestFixtures.withRates(settings(Mode.APPLY, file, tmp.resolve("report")), 50, 50, 10);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(report(tmp.resolve("report"), Mode.APPLY))
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            assertThat(aws.stats().serverErrorsInjected() + aws.stats().connectionsDropped()).isPositive();
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
        }
    }

    @Test
    void everyRowIsActedOnInItsOwnAccountAndRegion() throws Exception {
        List<String> accounts = List.of(A, B, C);
        List<String> regions = List.of("us-east-1", "eu-west-1");
        Fleet fleet = Fleet.of(accounts.stream().map(id -> new Account(id, null, null, false, regions.stream()
                .map(r -> Cluster.of(r, "prod", IdentityProvider.oidc("okta"))).toList())).toList());
        List<String> rows = new ArrayList<>();
        accounts.forEach(id -> regions.forEach(r -> rows.add(id + "," + r + ",prod,oidc,okta")));
        RunSettings settings = settings(Mode.APPLY, targets(tmp, rows), tmp.resolve("report"));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            assertThat(report(tmp.resolve("report"), Mode.APPLY))
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            // Six one-target buckets share one partition, each still with its own account's credentials.
            assertThat(jobRepository.getJobExecution(execution.getId()).getStepExecutions())
                    .filteredOn(s -> s.getStepName().startsWith("remediateBucket:")).hasSize(1);
            assertThat(aws.stats().crossAccountMisses()).isZero();
            accounts.forEach(id -> regions.forEach(r ->
                    assertThat(aws.stats().changes(id, r, "prod", "okta")).as(id + "/" + r).isEqualTo(1)));
            assertThat(aws.stats().assumeRoleCallsPerAccount()).containsOnlyKeys(accounts).allSatisfy((k, v) -> assertThat(v).isEqualTo(1L));
        }
    }

    @Test
    void credentialsAreRefreshedBeforeTheyExpireOnALongRun() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, IntStream.range(0, 16)
                        .mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta"))).toArray(Cluster[]::new))))
                .withCredentials(new Fleet.CredentialPolicy(2));
        Path file = targets(tmp, IntStream.range(0, 16).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,okta").toList());
        // Two EKS calls a row (the config is read, then disassociated): 32 calls at 8/s take about 4 s, two
        // credential lifetimes.
        RunSettings settings = JobTestFixtures.withRates(settings(Mode.APPLY, file, tmp.resolve("report")), 8, 1, 6);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            jobs.startJob(JobTestFixtures.parameters(settings));

            List<Map<String, String>> rows = report(tmp.resolve("report"), Mode.APPLY);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED");
                assertThat(r.get("attempts")).isEqualTo("1");
            });
            assertThat(aws.stats().assumeRoleCallsPerAccount().get(A)).isGreaterThan(1L);
            assertThat(aws.stats().calls("DisassociateIdentityProviderConfig", 403)).isZero();
        }
    }

    @Test
    void waitReportsTheFinalStatusOfEachUpdate() throws Exception {
        Fleet fleet = Fleet.of(List.of(Account.of(A, Cluster.of("us-east-1", "prod", IdentityProvider.oidc("okta")))))
                .withUpdateDurationMs(600);
        Path file = targets(tmp, List.of(A + ",us-east-1,prod,oidc,okta"));
        RunSettings settings = JobTestFixtures.waiting(settings(Mode.APPLY, file, tmp.resolve("report")));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            jobs.startJob(JobTestFixtures.parameters(settings));

            Map<String, String> row = report(tmp.resolve("report"), Mode.APPLY).getFirst();
            assertThat(row.get("outcome")).isEqualTo("DISASSOCIATED");
            assertThat(row.get("update_status")).isEqualTo("Successful");
            assertThat(aws.simulator().providerStatus(A, "us-east-1", "prod", "okta")).isEmpty();
        }
    }

    /** The scheduling property behind the throughput: a slow bucket never holds up another one. */
    @Test
    void aSlowBucketDoesNotDelayTheOthers() throws Exception {
        Fleet fleet = Fleet.of(List.of(
                Account.of(A, IntStream.range(0, 12).mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta")))
                        .toArray(Cluster[]::new)),
                Account.of(B, Cluster.of("us-east-1", "small", IdentityProvider.oidc("okta")))));
        List<String> rows = new ArrayList<>(IntStream.range(0, 12).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,okta").toList());
        rows.add(B + ",us-east-1,small,oidc,okta");
        // Two EKS calls a row (the config is read, then disassociated): at 4 calls/s bucket A needs about 6 s, B
        // half a second.
        RunSettings settings = JobTestFixtures.withConcurrency(
                JobTestFixtures.withRates(settings(Mode.APPLY, targets(tmp, rows), tmp.resolve("report")), 4, 1, 4), 4);

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            Map<String, LocalDateTime> ends = jobRepository.getJobExecution(execution.getId()).getStepExecutions().stream()
                    .filter(s -> s.getStepName().startsWith("remediateBucket:"))
                    .collect(Collectors.toMap(StepExecution::getStepName, StepExecution::getEndTime));
            assertThat(ends.get("remediateBucket:" + B + "/us-east-1"))
                    .isBefore(ends.get("remediateBucket:" + A + "/us-east-1").minusSeconds(2));
        }
    }

    /** A busy cluster leaves the bucket's main pass at once, so it does not hold up its chunk; a second pass ends it. */
    @Test
    void aBusyClusterIsRetriedAfterTheRestOfItsBucket() throws Exception {
        List<Cluster> clusters = new ArrayList<>(IntStream.range(1, 12)
                .mapToObj(i -> Cluster.of("us-east-1", "c" + i, IdentityProvider.oidc("okta"))).toList());
        clusters.addFirst(new Cluster("us-east-1", "c0", "ACTIVE", 2, List.of(IdentityProvider.oidc("okta"))));
        Fleet fleet = Fleet.of(List.of(new Account(A, null, null, false, clusters)));
        Path file = targets(tmp, IntStream.range(0, 12).mapToObj(i -> A + ",us-east-1,c" + i + ",oidc,okta").toList());
        RunSettings settings = settings(Mode.APPLY, file, tmp.resolve("report"));

        try (SimulatedAws aws = SimulatedAws.start(fleet)) {
            JobExecution execution = jobs.startJob(JobTestFixtures.parameters(settings));

            List<Map<String, String>> rows = report(tmp.resolve("report"), Mode.APPLY);
            assertThat(rows).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("DISASSOCIATED"));
            assertThat(rows.getFirst().get("attempts")).isEqualTo("3");
            Map<String, Long> written = jobRepository.getJobExecution(execution.getId()).getStepExecutions().stream()
                    .collect(Collectors.toMap(StepExecution::getStepName, StepExecution::getWriteCount));
            assertThat(written).containsEntry("remediateBucket:" + A + "/us-east-1", 12L)
                    .containsEntry("retryBusyBucket:" + A + "/us-east-1", 1L);
            assertThat(aws.stats().maxChangesPerProvider()).isEqualTo(1);
        }
    }

    private void simulateCrashLosingOutcomes(JobExecution execution, String runId, List<Long> lines) {
        // What an uncommitted chunk leaves behind: the rows as they were before it, untried.
        lines.forEach(line -> jdbc.update("UPDATE EIR_TARGET SET OUTCOME = NULL, UPDATE_ID = NULL, UPDATE_STATUS = NULL, "
                + "ATTEMPTS = 0 WHERE RUN_ID = ? AND LINE = ?", runId, line));
        JobExecution stored = jobRepository.getJobExecution(execution.getId());
        for (StepExecution step : stored.getStepExecutions()) {
            if (step.getStepName().startsWith("remediate") || step.getStepName().equals("awaitUpdates")
                    || step.getStepName().equals("writeReports")) {
                step.setStatus(BatchStatus.FAILED);
                jobRepository.update(step);
            }
        }
        stored.setStatus(BatchStatus.FAILED);
        jobRepository.update(stored);
    }

    private static Map<String, String> updateIds(List<Map<String, String>> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.get("line"), r -> r.get("update_id")));
    }
}
