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

    /** {@code n} successes, one every {@code everyMillis}. */
    private void successes(AdaptiveRateLimiter limiter, int n, long everyMillis) {
        for (int i = 0; i < n; i++) {
            advanceMillis(everyMillis);
            limiter.onSuccess();
        }
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
        long before = limiter.book().epoch();
        // The service accepted 10 requests in the last second, then throttled.
        successes(limiter, 10, 100);
        limiter.onThrottled(before);
        assertThat(limiter.currentRate()).isCloseTo(9.0, within(0.01));

        // More throttles of requests admitted before that cut were sent at the old rate: they do not cut it again.
        limiter.onThrottled(before);
        assertThat(limiter.currentRate()).isCloseTo(9.0, within(0.01));
        assertThat(limiter.throttles()).isEqualTo(2);

        // Back quickly towards 95% of the rate that was throttled (47.5), not one request per second per second.
        successes(limiter, 9, 111);
        assertThat(limiter.currentRate()).isBetween(20.0, 47.5);
    }

    @Test
    void aRequestAdmittedAfterACutThatIsThrottledWithinASecondCutsAgainByAtLeastAThird() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(50, 50, now::get);
        successes(limiter, 30, 30);
        limiter.onThrottled(limiter.book().epoch());  // 30 accepted in the last second: 27
        assertThat(limiter.currentRate()).isCloseTo(27.0, within(0.01));
        advanceMillis(100);
        limiter.onThrottled(limiter.book().epoch());  // too soon after the cut to tell: nothing
        assertThat(limiter.currentRate()).isCloseTo(27.0, within(0.01));
        advanceMillis(200);
        limiter.onThrottled(limiter.book().epoch());  // admitted at 27 and still throttled
        assertThat(limiter.currentRate()).isCloseTo(27.0 * 0.7, within(0.01));
    }

    @Test
    void aboveTheLastThrottledRateItProbesSlowly() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(50, 50, now::get);
        successes(limiter, 20, 50);
        limiter.onThrottled(limiter.book().epoch());  // at 50/s, 20 accepted in the last second: down to 18, back towards 47.5
        successes(limiter, 400, 25);
        double nearTarget = limiter.currentRate();
        assertThat(nearTarget).isBetween(47.0, 50.0);
        successes(limiter, 10, 25);
        assertThat(limiter.currentRate() - nearTarget).isLessThan(0.5);
    }

    @Test
    void aThrottleWithNothingAcceptedHalvesTheRateButNotBelowTheFloor() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(1, 1, now::get);
        limiter.onThrottled(limiter.book().epoch());
        assertThat(limiter.currentRate()).isEqualTo(0.5);
        for (int i = 0; i < 5; i++) {
            advanceMillis(1_500);
            limiter.onThrottled(limiter.book().epoch());
        }
        assertThat(limiter.currentRate()).isEqualTo(0.2);
    }

    @Test
    void aCutMakesCallersSleepingOnSlotsBookedAtTheOldRateBookAgain() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(10, 1, now::get);
        AdaptiveRateLimiter.Slot first = limiter.book();
        AdaptiveRateLimiter.Slot queued = limiter.book();
        assertThat(queued.waitNanos()).isEqualTo(100_000_000L);
        limiter.onThrottled(first.epoch());  // nothing accepted yet: 5/s
        AdaptiveRateLimiter.Slot next = limiter.book();
        // The queued caller will find its epoch gone and book again; the debt it left is forgiven, so the next
        // booking waits one interval of the new rate (0.2 s), not behind the old slot too (0.4 s).
        assertThat(next.epoch()).isGreaterThan(queued.epoch());
        assertThat(next.waitNanos()).isEqualTo(200_000_000L);
    }

    @Test
    void slotsBookedAtTheStartingRateAreBookedAgainOnceTheRateHasGrownByAQuarter() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(10, 100, null), now::get);
        AdaptiveRateLimiter.Slot last = null;
        for (int i = 0; i < 200; i++) {
            last = limiter.book();  // 200 callers queue on one STS limiter: the last one ~19 s ahead at 10/s
        }
        assertThat(last.waitNanos()).isGreaterThan(18_000_000_000L);
        successes(limiter, 10, 100);  // one second at 10/s: slow start grows the rate past 12.5/s
        assertThat(limiter.currentRate()).isGreaterThanOrEqualTo(12.5);
        AdaptiveRateLimiter.Slot again = limiter.book();
        // A new schedule: the sleepers book again from an empty queue at the grown rate, not behind the old slots.
        assertThat(again.schedule()).isGreaterThan(last.schedule());
        assertThat(again.epoch()).isEqualTo(last.epoch());  // growth is no cut: a throttle of an earlier request still counts
        assertThat(again.waitNanos()).isLessThan(1_000_000_000L);
    }

    @Test
    void aCallerSleepingOnASlotOfAnOldScheduleIsWokenAtOnce() throws Exception {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(1, 100, 1.0));
        limiter.acquire();  // the one token
        for (int i = 0; i < 5; i++) {
            limiter.reserve();  // five callers queued before: at 1/s the next slot is six seconds ahead
        }
        var sleeper = Thread.ofVirtual().start(() -> {
            try {
                limiter.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(100);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            limiter.onSuccess();  // the service accepted 5 in the last second: slow start grows to 2x5/s
        }
        assertThat(limiter.currentRate()).isGreaterThan(3);
        sleeper.join(5_000);
        assertThat(sleeper.isAlive()).isFalse();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.5);
    }

    // ---- slow start (no rate given) and ceilings

    /**
     * Drives a bucket that always has work against a service that accepts everything except what {@code throttles}
     * says: each request is booked, sent the moment its slot comes and answered at once. Returns the most requests
     * sent in any one second.
     */
    private int drive(AdaptiveRateLimiter limiter, double seconds, java.util.function.LongPredicate throttles) {
        long end = now.get() + (long) (seconds * 1e9);
        java.util.ArrayDeque<Long> lastSecond = new java.util.ArrayDeque<>();
        int most = 0;
        while (now.get() < end) {
            AdaptiveRateLimiter.Slot slot = limiter.book();
            now.addAndGet(slot.waitNanos());
            lastSecond.addLast(now.get());
            while (lastSecond.peekFirst() <= now.get() - 1_000_000_000L) {
                lastSecond.removeFirst();
            }
            most = Math.max(most, lastSecond.size());
            if (throttles.test(now.get())) {
                limiter.onThrottled(slot.epoch());
            } else {
                limiter.onSuccess();
            }
            assertThat(limiter.currentRate()).isLessThanOrEqualTo(limiter.policy().ceiling());
        }
        return most;
    }

    @Test
    void withNoRateGivenItStartsSafelyAndDoublesPerSecondWhileNothingIsThrottled() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(5, 1000, null), now::get);
        assertThat(limiter.currentRate()).isEqualTo(5.0);
        assertThat(limiter.inSlowStart()).isTrue();
        drive(limiter, 1, t -> false);
        double afterOne = limiter.currentRate();
        assertThat(afterOne).isBetween(9.0, 16.0);  // doubled, plus what the first burst of 5 added
        drive(limiter, 1, t -> false);
        assertThat(limiter.currentRate() / afterOne).isBetween(1.6, 2.4);
        drive(limiter, 1, t -> false);
        assertThat(limiter.currentRate()).isBetween(25.0, 70.0);
    }

    @Test
    void theFirstThrottleEndsSlowStartJustUnderWhatWasAcceptedThenItProbesGently() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(5, 1000, null), now::get);
        drive(limiter, 3, t -> false);
        double grown = limiter.currentRate();
        // The service accepts 20 requests a second from now on: everything beyond that in a second is throttled.
        java.util.ArrayDeque<Long> served = new java.util.ArrayDeque<>();
        java.util.function.LongPredicate service = t -> {
            while (!served.isEmpty() && served.peekFirst() <= t - 1_000_000_000L) {
                served.removeFirst();
            }
            if (served.size() >= 20) {
                return true;
            }
            served.addLast(t);
            return false;
        };
        drive(limiter, 2, service);
        assertThat(limiter.inSlowStart()).isFalse();
        assertThat(limiter.currentRate()).isLessThan(grown).isBetween(10.0, 22.0);
        assertThat(limiter.throttles()).isPositive();
        // Held just under the limit, it probes by about one request per second per second: 10 s add at most ~10/s.
        double held = limiter.currentRate();
        long throttlesAtExit = limiter.throttles();
        drive(limiter, 10, service);
        assertThat(limiter.currentRate()).isLessThan(held + 11).isBetween(15.0, 25.0);
        // Probing above the limit costs a throttle now and then, not a storm: fewer than one a second.
        assertThat(limiter.throttles() - throttlesAtExit).isLessThan(10);
    }

    @Test
    void aBucketWithLittleToDoDoesNotTalkItselfUpToTheCeiling() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(5, 50, null), now::get);
        for (int i = 0; i < 100; i++) {  // one request a second for 100 s
            advanceMillis(1000);
            limiter.book();
            limiter.onSuccess();
        }
        assertThat(limiter.currentRate()).isEqualTo(5.0);
    }

    @Test
    void theAdaptiveRateNeverExceedsItsCeiling() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.adaptive(5, 50, null), now::get);
        int most = drive(limiter, 20, t -> false);
        assertThat(limiter.peakRate()).isEqualTo(50.0);
        // The burst is one second of the current rate: no second ever sees more than the ceiling plus that burst.
        assertThat(most).isLessThanOrEqualTo(100);
        drive(limiter, 5, t -> false);
        assertThat(drive(limiter, 5, t -> false)).isLessThanOrEqualTo(51);
    }

    @Test
    void aGivenRateIsACeilingNeverExceededEvenAfterRecovering() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(RatePolicy.fixed(10, 10), now::get);
        assertThat(limiter.inSlowStart()).isFalse();
        assertThat(drive(limiter, 5, t -> false)).isLessThanOrEqualTo(20);  // the burst, then 10/s
        // Throttled once, then the service accepts everything: back up to 10/s and never above.
        limiter.onThrottled(limiter.book().epoch());
        drive(limiter, 10, t -> false);
        assertThat(limiter.currentRate()).isEqualTo(10.0);
        assertThat(limiter.peakRate()).isEqualTo(10.0);
        assertThat(drive(limiter, 5, t -> false)).isLessThanOrEqualTo(11);
    }
}
