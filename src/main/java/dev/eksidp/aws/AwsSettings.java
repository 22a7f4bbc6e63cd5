package dev.eksidp.aws;

import dev.eksidp.ratelimit.RatePolicy;

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
}
