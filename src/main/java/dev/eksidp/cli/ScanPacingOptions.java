package dev.eksidp.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The pace of the read-only scans, discover and verify: fixed rates (a scan makes few calls per bucket, so it does
 * not search for the service's rate as plan and apply do) and the tries of each call.
 */
public class ScanPacingOptions {

    @Option(names = "--eks-rate", paramLabel = "N", defaultValue = "5",
            description = "EKS requests/s per account and region (default: ${DEFAULT-VALUE}).")
    double eksRate;

    @Option(names = "--sts-rate", paramLabel = "N", defaultValue = "10",
            description = "AssumeRole calls/s for the run (default: ${DEFAULT-VALUE}).")
    double stsRate;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "8",
            description = "Tries per call on throttling or transient errors (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--backoff", paramLabel = "MILLIS", defaultValue = "250",
            description = "First backoff, doubled per attempt (default: ${DEFAULT-VALUE} ms).")
    long backoffMillis;

    /** A value AWS or the limiters could not work with is a usage error, before any AWS call. */
    void check() {
        if (!(eksRate > 0 && stsRate > 0)) {
            throw new UsageException("--eks-rate and --sts-rate must be > 0");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new UsageException("--max-attempts must be between 1 and 100");
        }
        if (backoffMillis < 0) {
            throw new UsageException("--backoff must be >= 0");
        }
    }

    Duration backoff() {
        return Duration.ofMillis(backoffMillis);
    }
}
