/**
 * The AWS access layer: every EKS and STS call goes through it. {@link dev.eksidp.aws.AwsSessions} holds a run's
 * clients (one per service and region), its credentials (one AssumeRole per account and role, refreshed before
 * expiry) and its limiters (one per {@link dev.eksidp.aws.Bucket}); {@link dev.eksidp.aws.AccountClient} sends one
 * request as an account, paced by its bucket; {@link dev.eksidp.aws.RetryPolicy} is the one retry policy and
 * {@link dev.eksidp.aws.AwsErrors} the one reading of AWS errors. A new service (Organizations, Account
 * Management) joins here with a method like {@code AwsSessions#eks}.
 */
package dev.eksidp.aws;
