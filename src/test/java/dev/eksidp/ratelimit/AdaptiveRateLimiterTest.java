package dev.eksidp.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdaptiveRateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    private void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000);
    }

    @Test
    void spendsTheBurstAtOnceThenPacesAtTheRate() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve()).isZero();
        }
        assertThat(limiter.reserve()).isEqualTo(100_000_000L);
        assertThat(limiter.reserve()).isEqualTo(200_000_000L);
    }

    @Test
    void aThrottleDropsToWhatTheServiceAcceptedAndSuccessesClimbBack() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(50, 50, now::get);
        // The service accepted 10 requests in the last second, then throttled.
        for (int i = 0; i < 10; i++) {
            advanceMillis(100);
            limiter.onSuccess();
        }
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isCloseTo(9.0, within(0.01));

        // More throttles from the same overshoot, within a second, do not cut it again.
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isCloseTo(9.0, within(0.01));
        assertThat(limiter.throttles()).isEqualTo(2);

        // Back quickly towards 95% of the rate that was throttled (47.5), not one request per second per second.
        for (int i = 0; i < 9; i++) {
            advanceMillis(111);
            limiter.onSuccess();
        }
        assertThat(limiter.currentRate()).isBetween(20.0, 47.5);
    }

    @Test
    void aboveTheLastThrottledRateItProbesSlowly() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(50, 50, now::get);
        for (int i = 0; i < 20; i++) {
            advanceMillis(50);
            limiter.onSuccess();
        }
        limiter.onThrottled();  // at 50/s, 20 accepted in the last second: down to 18, back towards 47.5
        for (int i = 0; i < 400; i++) {
            advanceMillis(25);
            limiter.onSuccess();
        }
        double nearTarget = limiter.currentRate();
        assertThat(nearTarget).isBetween(47.0, 50.0);
        for (int i = 0; i < 10; i++) {
            advanceMillis(25);
            limiter.onSuccess();
        }
        assertThat(limiter.currentRate() - nearTarget).isLessThan(0.5);
    }

    @Test
    void aThrottleWithNothingAcceptedHalvesTheRateButNotBelowTheFloor() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(1, 1, now::get);
        limiter.onThrottled();
        assertThat(limiter.currentRate()).isEqualTo(0.5);
        for (int i = 0; i < 5; i++) {
            advanceMillis(1_500);
            limiter.onThrottled();
        }
        assertThat(limiter.currentRate()).isEqualTo(0.2);
    }
}
