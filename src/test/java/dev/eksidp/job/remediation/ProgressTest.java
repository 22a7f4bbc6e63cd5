package dev.eksidp.job.remediation;

import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RatePolicy;
import dev.eksidp.remediation.Attempt;
import dev.eksidp.remediation.AttemptLoop;
import dev.eksidp.remediation.NextTries;
import dev.eksidp.stop.StopSignal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The busy pass's progress says what it waits for, with a time, not only the backoff rule. */
class ProgressTest {

    @Test
    void theBusyPassSaysHowManyClustersAreBusyAndWhenTheNextTryIs() throws Exception {
        NextTries next = new NextTries();
        assertThat(Progress.nextTry(next)).isEqualTo("trying now");
        AttemptLoop loop = new AttemptLoop(RetryPolicy.withBusyBackoff(2, Duration.ofMillis(10), Duration.ofSeconds(40)),
                new StopSignal(), next);
        CountDownLatch release = new CountDownLatch(2);
        Thread[] targets = new Thread[2];
        for (int i = 0; i < 2; i++) {
            long line = i + 2;
            targets[i] = Thread.ofVirtual().start(() -> loop.run(line, 0, () -> {
                release.countDown();
                return new Attempt.Again(RetryPolicy.Backoff.BUSY, "ResourceInUseException", "busy");
            }));
        }
        release.await(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (next.now().map(NextTries.Waiting::backingOff).orElse(0) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // --busy-backoff 40 s with jitter: the soonest of the two is 20 to 60 s away.
        assertThat(Progress.nextTry(next)).matches("2 clusters busy, next try in ([2-5][0-9]|60) s");
        // The two sleeping virtual threads are daemons: they do not hold the test JVM.
    }

    @Test
    void aRateCeilingIsShownAsGivenEvenBelowOnePerSecond() {
        assertThat(Progress.rate(new AdaptiveRateLimiter(0.3, 1))).isEqualTo("0.3/s of 0.3/s");
        assertThat(Progress.rate(new AdaptiveRateLimiter(RatePolicy.fixed(50, 50)))).isEqualTo("50.0/s of 50/s");
    }
}
