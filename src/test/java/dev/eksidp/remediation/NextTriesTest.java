package dev.eksidp.remediation;

import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.stop.StopSignal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** While a busy cluster's target backs off, the loop says when its next try is; once it is tried, it says nothing. */
class NextTriesTest {

    @Test
    void aBackoffIsKeptWithItsNextTryUntilTheTargetIsTriedAgain() throws Exception {
        NextTries next = new NextTries();
        // Busy backoff 2 s (with jitter: 1 to 3 s); the transient one is not met here.
        AttemptLoop loop = new AttemptLoop(RetryPolicy.withBusyBackoff(3, Duration.ofMillis(10), Duration.ofSeconds(2)),
                new StopSignal(), next);
        CountDownLatch firstTried = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // Before the target thread starts: once started, it may have backed off before this line ran.
        assertThat(next.now()).isEmpty();
        Thread target = Thread.ofPlatform().start(() -> loop.run(6, 0, () -> {
            if (calls.incrementAndGet() == 1) {
                firstTried.countDown();
                return new Attempt.Again(RetryPolicy.Backoff.BUSY, "ResourceInUseException", "cluster busy");
            }
            return new Attempt.Done(TargetResult.error(6, Outcome.FAILED, "X", "done", 0));
        }));
        assertThat(firstTried.await(5, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (next.now().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        NextTries.Waiting waiting = next.now().orElseThrow();
        assertThat(waiting.backingOff()).isEqualTo(1);
        assertThat(waiting.soonest()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
        target.join(10_000);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(next.now()).as("tried again and done: no longer backing off").isEmpty();
    }
}
