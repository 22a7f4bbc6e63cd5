package dev.eksidp.aws;

import dev.eksidp.ratelimit.RatePolicy;

import java.time.Duration;

/**
 * How the run talks to AWS. Everything else (base credentials, hub region, endpoints) comes from the SDK's
 * standard configuration: the default credentials chain, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL*.
 *
 * @param eksPolicy the pace of each (account, region) bucket's EKS limiter
 * @param stsPolicy the pace of the hub identity's STS limiter
 * @param retry     how AssumeRole and read calls are tried again
 */
public record AwsSettings(RoleArns roleArns, String sessionName, String externalId, int sessionDurationSeconds,
                          RatePolicy eksPolicy, RatePolicy stsPolicy, RetryPolicy retry, int maxConnections) {

    /** A read-only scan's (discover, verify): fixed rates with a burst of one second, one-hour sessions. */
    public static AwsSettings scan(RoleArns roleArns, String sessionName, String externalId, double eksRate,
                                   double stsRate, int maxAttempts, Duration backoff, int maxConnections) {
        return new AwsSettings(roleArns, sessionName, externalId, 3600,
                RatePolicy.fixed(eksRate, Math.max(1, Math.ceil(eksRate))), RatePolicy.fixed(stsRate, Math.max(1, stsRate)),
                RetryPolicy.of(maxAttempts, backoff), maxConnections);
    }
}
