package dev.eksidp.aws;

import dev.eksidp.organization.OrgAccount;
import dev.eksidp.discovery.AccountRegionLister;
import dev.eksidp.discovery.ScanUnit;
import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.job.SimulatedAws;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.SimRegions;
import dev.eksidp.stop.StopSignal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK's generated Organizations and Account clients at 2.40.2 (the mirror has no later ones) running on the
 * project's 2.50.2 core, built by AwsSessions from the SDK's standard configuration and sent over real SigV4 HTTP
 * to the simulator: paging, service-specific endpoint settings, per-request account credentials, and the
 * intersection of an account's enabled regions with the SDK metadata's EKS regions.
 */
class OrganizationsAndAccountClientsTest {

    static final String ROOT = "r-org1";
    static final String A = "111111111111";

    @TempDir
    Path tmp;

    private SimulatedAws aws;

    /** 45 member accounts (three pages of 20), every fifth one suspended; A has enabled one opt-in region. */
    void start(String managementAccountId) {
        List<Fleet.Member> members = new ArrayList<>();
        IntStream.range(0, 45).forEach(i -> members.add(new Fleet.Member(String.format("1000000000%02d", i), null, ROOT,
                i % 5 == 0 ? "SUSPENDED" : null)));
        members.add(new Fleet.Member(A, null, ROOT, null));
        Fleet fleet = Fleet.of(List.of(new Fleet.Account(A, null, null, false, List.of(), null, List.of("me-central-1"))))
                .withJournal(tmp.resolve("journal.jsonl"))
                .withOrganization(new Fleet.Organization("o-exampleorg1", ROOT, managementAccountId, null, List.of(), members));
        aws = SimulatedAws.start(fleet);
        String endpoint = aws.simulator().endpoint().toString();
        // Only the service-specific settings point at the simulator: AWS_ENDPOINT_URL itself goes nowhere.
        aws.with("aws.endpointUrl", "http://127.0.0.1:9").with("aws.endpointUrlOrganizations", endpoint)
                .with("aws.endpointUrlAccount", endpoint).with("aws.endpointUrlSts", endpoint).with("aws.region", "eu-west-1");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    static AwsSessions sessions() {
        return new AwsSessions(new AwsSettings(new RoleArns(null, null), "test", null, 3600, RatePolicy.fixed(10, 10),
                RatePolicy.fixed(10, 10), RetryPolicy.of(3, Duration.ofMillis(10)), 8), new StopSignal(), Clock.systemUTC());
    }

    @Test
    void readsEveryPageOfTheOrganizationAndAnAccountsOwnRegions() throws Exception {
        start(Fleet.Hub.DEFAULT.accountId());
        try (AwsSessions sessions = sessions()) {
            OrganizationsReader reader = sessions.organizations();
            List<OrgAccount> all = reader.allAccounts();
            assertThat(all).hasSize(46).filteredOn(a -> !a.active()).hasSize(9).allMatch(a -> a.state().equals("SUSPENDED"));
            assertThat(reader.accountsUnder(ROOT)).hasSize(46);
            assertThat(reader.unitsUnder(ROOT)).isEmpty();

            AccountRegionLister.Listed listed = new AccountRegionLister(sessions, RetryPolicy.of(3, Duration.ofMillis(10))).list(A);
            assertThat(listed.failure()).isNull();
            assertThat(listed.units()).extracting(ScanUnit::region).hasSize(SimRegions.DEFAULT.size() + 1)
                    .contains("us-east-1", "me-central-1").doesNotContain("me-south-1");
        }
        String journal = Files.readString(tmp.resolve("journal.jsonl"));
        assertThat(journal.lines().filter(l -> l.contains("\"operation\":\"ListAccounts\"") && l.contains("\"status\":200"))).hasSize(3);
        // ListRegions was asked as the account itself: with its assumed role's credentials.
        assertThat(journal.lines().filter(l -> l.contains("\"operation\":\"ListRegions\"")))
                .singleElement().asString().contains("\"account\":\"" + A + "\"", "\"status\":200");
    }

    @Test
    void aMemberAccountsCredentialsCannotReadTheOrganization() {
        start("999999999999");
        try (AwsSessions sessions = sessions()) {
            OrganizationsReader reader = sessions.organizations();
            assertThatThrownBy(reader::allAccounts).isInstanceOf(OrganizationsReader.NotReadable.class)
                    .hasMessageContaining("AccessDeniedException").hasMessageContaining("management account or a delegated administrator");
        }
    }
}
