package dev.eksidp.job;

import dev.eksidp.discovery.DiscoverySettings;
import dev.eksidp.remediation.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The one codec of the job parameters: what a run starts with is exactly what resume decodes. */
class RunParametersTest {

    private static RunSettings settings() {
        return JobTestFixtures.settings(Mode.APPLY, Path.of("/t.csv"), Path.of("/r")).toBuilder()
                .roleArnTemplate("arn:{partition}:iam::{account}:role/R").externalId("ext").waitForUpdates(true)
                .sessionDurationSeconds(7200).allowUnknownRegions(true).build();
    }

    @Test
    void aRunDecodesToWhatItWasStartedWith() {
        RunParameters run = new RunParameters(settings(), new SafetyRails(100L, "5%", "/p.txt", 3L), new Shard(2, 5), "abc123");

        RunParameters back = RunParameters.from(run.toJobParameters());

        assertThat(back).isEqualTo(run);
        assertThat(RunParameters.runId(run.toJobParameters())).isEqualTo(run.settings().runId());
        assertThat(RunParameters.mode(run.toJobParameters())).isEqualTo("APPLY");
    }

    @Test
    void unsetValuesAreLeftOutAndDecodeAsUnset() {
        RunSettings s = settings().toBuilder().roleArnTemplate(null).externalId(null).eksRate(null).eksBurst(null)
                .stsRate(null).build();
        JobParameters p = RunParameters.of(s).toJobParameters();

        assertThat(p.parameters().stream().map(j -> j.name())).doesNotContain("role.arn.template", "external.id", "eks.rate",
                "eks.burst", "sts.rate", "shard.index", "shard.count", "targets.sha256", "rails.max.failures");
        assertThat(RunParameters.from(p)).isEqualTo(RunParameters.of(s));
    }

    /** Added after runs were stored: non-identifying, so those runs keep their job key and resume with defaults. */
    @Test
    void laterSettingsAreNonIdentifyingAndDefaultWhenAbsent() {
        JobParameters p = RunParameters.of(settings()).toJobParameters();
        assertThat(p.getParameter("session.duration.s").identifying()).isFalse();
        assertThat(p.getParameter("allow.unknown.regions").identifying()).isFalse();
        assertThat(p.getParameter("run.id").identifying()).isTrue();

        JobParameters older = new JobParameters(p.parameters().stream()
                .filter(j -> !j.name().equals("session.duration.s") && !j.name().equals("allow.unknown.regions"))
                .collect(Collectors.toSet()));
        RunSettings resumed = RunParameters.from(older).settings();
        assertThat(resumed.sessionDurationSeconds()).isEqualTo(RunSettings.DEFAULT_SESSION_SECONDS);
        assertThat(resumed.allowUnknownRegions()).isFalse();
        assertThat(older.getIdentifyingParameters()).isEqualTo(p.getIdentifyingParameters());
    }

    @Test
    void aDiscoveryRunDecodesToWhatItWasStartedWith() {
        DiscoverySettings s = new DiscoverySettings("d1", "/accounts.txt", List.of("eu-west-1", "us-east-1"),
                "https://issuer", null, "/out.csv", "/reports", "R", null, null, "sess", 5.0, 10.0, 8, 32,
                Duration.ofMillis(250));

        JobParameters p = RunParameters.of(s);

        assertThat(RunParameters.discovery(p)).isEqualTo(s);
        assertThat(RunParameters.mode(p)).isEqualTo(RunParameters.DISCOVER);
    }
}
