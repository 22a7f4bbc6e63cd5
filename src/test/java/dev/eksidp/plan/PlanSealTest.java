package dev.eksidp.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanSealTest {

    @TempDir
    Path dir;

    private final Instant written = Instant.parse("2026-11-23T10:00:00Z");

    private Path sealedPlan() throws Exception {
        Files.writeString(dir.resolve("plan.csv"), "line,outcome\n2,WOULD_DISASSOCIATE\n");
        Files.writeString(dir.resolve("plan.jsonl"), "{\"line\":2,\"outcome\":\"WOULD_DISASSOCIATE\"}\n");
        Path targets = Files.writeString(dir.resolve("targets.csv"), "header\nrow\n");
        PlanSeal.write(dir, "run-1", targets, written);
        return targets;
    }

    @Test
    void anUntouchedPlanWithinItsAgePasses() throws Exception {
        Path targets = sealedPlan();
        PlanSeal.Sealed sealed = PlanSeal.check(dir, Duration.ofHours(24), written.plusSeconds(3600));
        assertThat(sealed.runId()).isEqualTo("run-1");
        assertThat(sealed.targetsFile()).isEqualTo(targets.toAbsolutePath());
        assertThat(sealed.targetsSha256()).isEqualTo(PlanSeal.sha256(targets));
    }

    @Test
    void editsToAnyPlanFileOrTheSealAreRefused() throws Exception {
        sealedPlan();
        Files.writeString(dir.resolve("plan.jsonl"), "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> PlanSeal.check(dir, Duration.ofHours(24), written))
                .hasMessageContaining("plan.jsonl was changed");

        sealedPlan();
        String seal = Files.readString(dir.resolve(PlanSeal.FILE_NAME));
        Files.writeString(dir.resolve(PlanSeal.FILE_NAME), seal.replace("run-1", "run-2"));
        assertThatThrownBy(() -> PlanSeal.check(dir, Duration.ofHours(24), written))
                .hasMessageContaining("plan.sha256 was changed");

        Files.delete(dir.resolve(PlanSeal.FILE_NAME));
        assertThatThrownBy(() -> PlanSeal.check(dir, Duration.ofHours(24), written))
                .hasMessageContaining("not a sealed plan");
    }

    @Test
    void aPlanOlderThanTheMaximumAgeIsRefused() throws Exception {
        sealedPlan();
        assertThatThrownBy(() -> PlanSeal.check(dir, Duration.ofHours(24), written.plus(Duration.ofHours(25))))
                .isInstanceOf(PlanSeal.Refused.class).hasMessageContaining("older than --max-plan-age 24h");
        // The age to the second, as a person reads it.
        assertThatThrownBy(() -> PlanSeal.check(dir, Duration.ofSeconds(1), written.plus(Duration.ofMillis(10_745))))
                .hasMessageContaining("(10s ago), older than --max-plan-age 1s");
    }

    @Test
    void durations() {
        assertThat(PlanSeal.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(PlanSeal.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PlanSeal.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(PlanSeal.parseDuration("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> PlanSeal.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
