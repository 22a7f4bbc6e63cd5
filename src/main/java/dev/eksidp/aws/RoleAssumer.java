package dev.eksidp.aws;

import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.stop.StopRequestedException;
import dev.eksidp.stop.StopSignal;
import io.github.resilience4j.retry.Retry;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls STS AssumeRole for the hub identity, paced by one limiter (STS limits per caller) and retried on
 * throttling and transient errors. It checks that the credentials it got belong to the account asked for,
 * so a wrong template or row role_arn can never act on one account with another's credentials. A role that
 * refuses the session length asked for gets a shorter one ({@link SessionDurations}).
 */
public final class RoleAssumer {

    private final StsEndpoints endpoints;
    private final AdaptiveRateLimiter limiter;
    private final String sessionName;
    private final String externalId;
    private final SessionDurations durations;
    private final Retry retry;
    private final StopSignal stop;
    private final Clock clock;

    private final List<String> notes = new ArrayList<>();

    RoleAssumer(StsEndpoints endpoints, AdaptiveRateLimiter limiter, String sessionName, String externalId,
                SessionDurations durations, RetryPolicy retry, StopSignal stop, Clock clock) {
        this.endpoints = endpoints;
        this.limiter = limiter;
        this.sessionName = sessionName;
        this.externalId = externalId;
        this.durations = durations;
        this.stop = stop;
        this.clock = clock;
        this.retry = retry.forCalls("sts-assume-role");
    }

    /** @param region the region of the target that needs the credentials: an STS endpoint to fall back on */
    RoleSession assume(String accountId, String region, String roleArn) {
        AssumeRoleResponse response;
        try {
            response = stop.waiting(() -> retry.executeCallable(() -> stop.working(() -> callAnyEndpoint(accountId, region, roleArn))));
        } catch (StopRequestedException | RoleAssumptionException e) {
            throw e;
        } catch (Exception e) {
            boolean denied = !AwsErrors.isTransient(e);
            throw new RoleAssumptionException(AwsErrors.code(e),
                    "cannot assume " + roleArn + ": " + AwsErrors.message(e), denied, e);
        }
        String assumedArn = response.assumedRoleUser().arn();
        if (!assumedArn.contains(":" + accountId + ":")) {
            throw new RoleAssumptionException("CredentialAccountMismatch",
                    "assuming " + roleArn + " gave credentials for " + assumedArn + ", not account " + accountId, true, null);
        }
        Credentials c = response.credentials();
        AwsSessionCredentials credentials = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey()).sessionToken(c.sessionToken())
                .expirationTime(c.expiration()).build();
        return new RoleSession(credentials, clock.instant(), c.expiration());
    }

    /** Through the hub's regional STS endpoint, or the next one when the account has deactivated STS there. */
    private AssumeRoleResponse callAnyEndpoint(String accountId, String region, String roleArn) {
        List<String> regions = endpoints.regionsFor(region);
        RuntimeException disabled = null;
        for (String r : regions) {
            try {
                AssumeRoleResponse response = callWithFallback(endpoints.clientIn().apply(r), roleArn);
                if (disabled != null) {
                    note("STS is deactivated for account " + accountId + " in " + endpoints.hubRegion()
                            + "; its role was assumed through " + r);
                }
                return response;
            } catch (RuntimeException e) {
                if (!StsEndpoints.isRegionDisabled(e)) {
                    throw e;
                }
                disabled = e;
            }
        }
        throw new RoleAssumptionException("RegionDisabledException", "STS is deactivated for account " + accountId
                + " in every endpoint tried (" + String.join(", ", regions) + "): " + AwsErrors.message(disabled), true, disabled);
    }

    /** The role's session length; when the role refuses it, the next shorter one (3600 s, then 900 s), once each. */
    private AssumeRoleResponse callWithFallback(StsClient sts, String roleArn) {
        while (true) {
            int seconds = durations.forRole(roleArn);
            try {
                return call(sts, roleArn, seconds);
            } catch (RuntimeException e) {
                if (!SessionDurations.isRefusal(e) || !durations.refused(roleArn, seconds, AwsErrors.message(e))) {
                    throw e;
                }
            }
        }
    }

    private synchronized void note(String line) {
        if (notes.size() < 5) {
            notes.add(line);
        }
    }

    /** Which accounts needed another STS endpoint (the first few), for the summary. */
    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    private AssumeRoleResponse call(StsClient sts, String roleArn, int durationSeconds) {
        return AccountClient.paced(limiter, stop, () -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(sessionName)
                .externalId(externalId).durationSeconds(durationSeconds)));
    }
}
