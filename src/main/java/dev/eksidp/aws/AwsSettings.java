package dev.eksidp.aws;

import dev.eksidp.ratelimit.RatePolicy;

import java.time.Duration;

/**
 * How the run talks to AWS. Everything else (base credentials, hub region, endpoints) comes from the SDK's
 * standard configuration: the default credentials chain, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL*.
 */
public record AwsSettings(RoleArns roleArns, String sessionName, String externalId, int sessionDurationSeconds,
                          RatePolicy stsPolicy, int maxAttempts, Duration backoffBase, int maxConnections) {
}
