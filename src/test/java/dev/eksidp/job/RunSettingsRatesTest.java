package dev.eksidp.job;

import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.remediation.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How the rate options become the limiters' policies, stored with the run and read back on resume. */
class RunSettingsRatesTest {

    private static RunSettings withRates(Double eks, Integer burst, Double sts) {
        RunSettings s = JobTestFixtures.settings(Mode.APPLY, Path.of("/t.csv"), Path.of("/r"));
        return s.toBuilder().eksRate(eks).eksBurst(burst).stsRate(sts).build();
    }

    @Test
    void noRateGivenMeansFoundFromASafeStartUpToAHardCeiling() {
        RunSettings s = withRates(null, null, null);
        assertThat(s.eksPolicy()).isEqualTo(RatePolicy.adaptive(RatePolicy.EKS_ADAPTIVE_START, RatePolicy.EKS_ADAPTIVE_CEILING, null));
        assertThat(s.eksPolicy().slowStart()).isTrue();
        assertThat(s.stsPolicy(1).start()).isEqualTo(RatePolicy.STS_ADAPTIVE_START);
        assertThat(s.stsPolicy(1).ceiling()).isEqualTo(RatePolicy.STS_ADAPTIVE_CEILING);
    }

    @Test
    void aGivenRateIsACeilingTheLimiterStartsAt() {
        RunSettings s = withRates(20.0, 30, 7.0);
        assertThat(s.eksPolicy()).isEqualTo(new RatePolicy(20, 20, 30, false));
        assertThat(s.stsPolicy(1)).isEqualTo(new RatePolicy(7, 7, 7, false));
    }

    @Test
    void shardsShareTheHubIdentitysStsBudgetButNotTheirAccountsEksBuckets() {
        RunSettings given = withRates(20.0, 20, 30.0);
        assertThat(given.stsPolicy(3)).isEqualTo(new RatePolicy(10, 10, 10, false));
        assertThat(given.eksPolicy().ceiling()).isEqualTo(20);

        RatePolicy found = withRates(null, null, null).stsPolicy(4);
        assertThat(found.slowStart()).isTrue();
        assertThat(found.start()).isEqualTo(RatePolicy.STS_ADAPTIVE_START / 4);
        assertThat(found.ceiling()).isEqualTo(RatePolicy.STS_ADAPTIVE_CEILING / 4);
    }

    @Test
    void ratesNotGivenAreNotStoredAndReadBackAsNotGiven() {
        RunSettings s = withRates(null, null, null);
        JobParameters p = JobTestFixtures.parameters(s);
        assertThat(p.getParameter("eks.rate")).isNull();
        assertThat(p.getParameter("eks.burst")).isNull();
        assertThat(p.getParameter("sts.rate")).isNull();
        RunSettings back = RunParameters.from(p).settings();
        assertThat(back.eksRate()).isNull();
        assertThat(back.stsRate()).isNull();
        assertThat(back.eksPolicy().slowStart()).isTrue();
        RunSettings given = RunParameters.from(JobTestFixtures.parameters(withRates(12.0, 12, 4.0))).settings();
        assertThat(given.eksRate()).isEqualTo(12.0);
        assertThat(given.eksBurst()).isEqualTo(12);
        assertThat(given.stsRate()).isEqualTo(4.0);
    }

    @Test
    void aRunStartedBeforeRatesCouldBeFoundResumesWithTheFixedRatesItStoredThen() {
        // What the run parameters held before: all three rate keys, always (the defaults 5, 5 and 10 included).
        JobParametersBuilder old = new JobParametersBuilder(JobTestFixtures.parameters(withRates(null, null, null)))
                .addDouble("eks.rate", 5.0).addLong("eks.burst", 5L).addDouble("sts.rate", 10.0);
        RunSettings resumed = RunParameters.from(old.toJobParameters()).settings();
        assertThat(resumed.eksPolicy()).isEqualTo(RatePolicy.fixed(5, 5));
        assertThat(resumed.stsPolicy(1)).isEqualTo(RatePolicy.fixed(10, 10));
    }
}
