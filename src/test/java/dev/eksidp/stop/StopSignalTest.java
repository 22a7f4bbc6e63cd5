package dev.eksidp.stop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StopSignalTest {

    private final StopSignal stop = new StopSignal();

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aStopEndsAWaitAtOnceAndLeavesTheThreadUninterrupted() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                stop.waiting(() -> {
                    waiting.countDown();
                    Thread.sleep(60_000);
                    return null;
                });
                return null;
            } catch (Throwable t) {
                return Thread.currentThread().isInterrupted() ? new AssertionError("interrupt status left set") : t;
            }
        });
        waiting.await();
        stop.request("test");
        assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(StopRequestedException.class);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void workInsideAWaitIsNotInterruptedButTheWaitAfterItEnds() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<String> call = new AtomicReference<>();
        CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return stop.waiting(() -> {
                    String sent = stop.working(() -> {
                        working.countDown();
                        try {
                            stopped.await();
                            // A request in flight: a sleep here stands for the socket read, and must not be cut short.
                            Thread.sleep(100);
                            call.set("answered");
                        } catch (InterruptedException e) {
                            call.set("interrupted");
                        }
                        return call.get();
                    });
                    Thread.sleep(60_000);  // the backoff after it
                    return sent + ", then slept";
                });
            } catch (StopRequestedException e) {
                return "stopped";
            }
        });
        working.await();
        stop.request("test");
        stopped.countDown();
        assertThat(outcome.get(2, TimeUnit.SECONDS)).isEqualTo("stopped");
        assertThat(call.get()).isEqualTo("answered");
    }

    @Test
    void nothingStartsOnceAStopWasRequestedAndSleepSaysItWasCutShort() throws Exception {
        stop.request("first");
        stop.request("second");
        assertThat(stop.reason()).contains("first");
        assertThatThrownBy(stop::check).isInstanceOf(StopRequestedException.class).hasMessageContaining("first");
        assertThatThrownBy(() -> stop.waiting(() -> "never")).isInstanceOf(StopRequestedException.class);
        assertThat(stop.sleep(Duration.ofSeconds(30))).isFalse();
    }
}
