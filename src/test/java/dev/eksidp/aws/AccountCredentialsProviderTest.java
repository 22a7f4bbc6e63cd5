package dev.eksidp.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One account's credentials: when they are assumed again, and what a refusal costs. The run's clock is a test clock. */
class AccountCredentialsProviderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Hands out sessions of {@code lifetime} issued at the clock's time, or throws what it is told to. */
    private static final class Sts implements AccountCredentialsProvider.Assumer {
        private final TestClock clock;
        private final Duration lifetime;
        private final List<Instant> calls = new ArrayList<>();
        private RuntimeException failure;

        Sts(TestClock clock, Duration lifetime) {
            this.clock = clock;
            this.lifetime = lifetime;
        }

        @Override
        public RoleSession assume(String accountId, String region, String roleArn) {
            calls.add(clock.instant());
            if (failure != null) {
                throw failure;
            }
            AwsSessionCredentials credentials = AwsSessionCredentials.create("AKIA" + calls.size(), "secret", "token");
            return new RoleSession(credentials, clock.instant(), clock.instant().plus(lifetime));
        }
    }

    private final TestClock clock = new TestClock();

    private AccountCredentialsProvider provider(Sts sts) {
        return new AccountCredentialsProvider("111111111111", "eu-west-1", "arn:aws:iam::111111111111:role/r", sts, clock);
    }

    @Test
    void anHourSessionIsKeptUntilFiveMinutesBeforeItExpires() {
        Sts sts = new Sts(clock, Duration.ofHours(1));
        AccountCredentialsProvider provider = provider(sts);

        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA1");
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA2");
        assertThat(sts.calls).hasSize(2);
    }

    @Test
    void aShortSessionIsRefreshedAfterTwoThirdsOfItsLifetime() {
        Sts sts = new Sts(clock, Duration.ofMinutes(9));
        AccountCredentialsProvider provider = provider(sts);

        provider.resolveCredentials();
        clock.advance(Duration.ofMinutes(6).minusSeconds(1));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA2");
    }

    @Test
    void aDeniedRoleIsAskedOnceAndItsRefusalRepeatedWithoutAnotherCall() {
        Sts sts = new Sts(clock, Duration.ofHours(1));
        RoleAssumptionException denied = new RoleAssumptionException("AccessDenied", "not allowed", true, null);
        sts.failure = denied;
        AccountCredentialsProvider provider = provider(sts);

        assertThatThrownBy(provider::resolveCredentials).isSameAs(denied);
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(provider::resolveCredentials).isSameAs(denied);
        assertThat(sts.calls).hasSize(1);
    }

    @Test
    void aTransientFailureToRefreshKeepsTheStillValidSessionAndIsTriedAgainNextTime() {
        Sts sts = new Sts(clock, Duration.ofHours(1));
        AccountCredentialsProvider provider = provider(sts);
        provider.resolveCredentials();
        sts.failure = new RoleAssumptionException("Throttling", "slow down", false, null);
        clock.advance(Duration.ofMinutes(56));

        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA1");
        sts.failure = null;
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA3");
        assertThat(sts.calls).hasSize(3);
    }

    @Test
    void aTransientFailureOnceTheSessionExpiredIsThrown() {
        Sts sts = new Sts(clock, Duration.ofHours(1));
        AccountCredentialsProvider provider = provider(sts);
        provider.resolveCredentials();
        RoleAssumptionException throttled = new RoleAssumptionException("Throttling", "slow down", false, null);
        sts.failure = throttled;
        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(provider::resolveCredentials).isSameAs(throttled);
    }

    @Test
    void expiredForDropsOnlyCredentialsIssuedBeforeTheRefusedRequestWasSent() {
        Sts sts = new Sts(clock, Duration.ofHours(1));
        AccountCredentialsProvider provider = provider(sts);
        provider.resolveCredentials();
        Instant sent = clock.instant().plusSeconds(10);

        provider.expiredFor(sent);
        clock.advance(Duration.ofSeconds(20));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA2");
        // Another thread's request, sent with the first credentials, is refused too: the new ones stay.
        provider.expiredFor(sent);
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIA2");
        assertThat(sts.calls).hasSize(2);
    }
}
