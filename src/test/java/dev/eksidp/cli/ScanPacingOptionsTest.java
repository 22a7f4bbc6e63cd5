package dev.eksidp.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** discover and verify parse one set of pacing options, with one set of defaults and checks. */
class ScanPacingOptionsTest {

    @CommandLine.Command
    static final class Scan {
        @CommandLine.Mixin
        ScanPacingOptions pacing;
    }

    private static ScanPacingOptions parse(String... args) {
        Scan scan = new Scan();
        new CommandLine(scan).parseArgs(args);
        return scan.pacing;
    }

    @Test
    void theDefaultsAreDiscoversFixedRates() {
        ScanPacingOptions p = parse();
        p.check();
        assertThat(p.eksRate).isEqualTo(5);
        assertThat(p.stsRate).isEqualTo(10);
        assertThat(p.maxAttempts).isEqualTo(8);
        assertThat(p.backoff()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aValueTheLimitersCannotUseIsAUsageError() {
        assertThatThrownBy(() -> parse("--eks-rate", "0").check()).isInstanceOf(UsageException.class)
                .hasMessage("--eks-rate and --sts-rate must be > 0");
        assertThatThrownBy(() -> parse("--sts-rate", "-1").check()).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--max-attempts", "101").check()).isInstanceOf(UsageException.class)
                .hasMessage("--max-attempts must be between 1 and 100");
        assertThatThrownBy(() -> parse("--backoff", "-5").check()).isInstanceOf(UsageException.class)
                .hasMessage("--backoff must be >= 0");
    }
}
