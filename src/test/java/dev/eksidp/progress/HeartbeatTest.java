package dev.eksidp.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatTest {

    @Test
    void closingDuringABeatLetsTheBeatFinishUninterrupted() throws Exception {
        CountDownLatch beating = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A beat that takes a while, as a count over a large staging table does; an interrupt there closes H2's file.
        Heartbeat heartbeat = Heartbeat.start(true, new PrintStream(out, true, StandardCharsets.UTF_8), () -> {
            beating.countDown();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < until) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true);
                }
                Thread.onSpinWait();
            }
            finished.set(true);
            return "remediate: 1/2 targets";
        }, Duration.ofMillis(50));
        assertThat(beating.await(5, TimeUnit.SECONDS)).isTrue();
        heartbeat.close();
        assertThat(finished).as("close waited for the beat in progress").isTrue();
        assertThat(interrupted).as("the beat was never interrupted").isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("remediate: 1/2 targets");
    }

    @Test
    void aClosedHeartbeatBeatsNoMore() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Heartbeat heartbeat = Heartbeat.start(true, new PrintStream(out, true, StandardCharsets.UTF_8), () -> "tick",
                Duration.ofMillis(20));
        Thread.sleep(150);
        heartbeat.close();
        int lines = out.toString(StandardCharsets.UTF_8).split("\n").length;
        Thread.sleep(150);
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(lines);
        assertThat(lines).isGreaterThan(1);
    }
}
