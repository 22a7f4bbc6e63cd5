package dev.eksidp.aws;

import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.stop.StopSignal;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A service in one account and region (one bucket): the region's shared client, the account's credentials, which
 * every request must carry ({@code b.overrideConfiguration(client.asAccount())}), and the bucket's limiter, which
 * paces every request and learns from every throttle and success. The shared client itself has no usable
 * credentials, so a request that forgets them fails instead of acting as anyone else. It never retries: the
 * caller decides with {@link RetryPolicy} what an error means.
 */
public record AccountClient<C extends SdkClient>(C client, AccountCredentialsProvider credentials,
                                                 AdaptiveRateLimiter limiter, StopSignal stop, Clock clock) {

    public Consumer<AwsRequestOverrideConfiguration.Builder> asAccount() {
        return c -> c.credentialsProvider(credentials);
    }

    /**
     * Sends a request in the bucket's pace; never once the run's stop was requested. Credentials the service calls
     * expired are assumed again at once and the request is sent once more: our clock may disagree with the
     * service's, and a long --wait outlives any session.
     */
    public <T> T call(Supplier<T> request) {
        Instant sentAt = clock.instant();
        try {
            return paced(limiter, stop, request);
        } catch (RuntimeException e) {
            if (!AwsErrors.isExpired(e)) {
                throw e;
            }
            credentials.expiredFor(sentAt);
            credentials.resolveCredentials();
            return paced(limiter, stop, request);
        }
    }

    /** Waits for the limiter (a stop cuts the wait short and sends nothing), then sends the request. */
    static <T> T paced(AdaptiveRateLimiter limiter, StopSignal stop, Supplier<T> request) {
        long admitted = stop.waiting(limiter::acquire);
        stop.check();
        try {
            T result = request.get();
            limiter.onSuccess();
            return result;
        } catch (RuntimeException e) {
            if (AwsErrors.isThrottling(e)) {
                limiter.onThrottled(admitted);
            }
            throw e;
        }
    }
}
