package dev.eksidp.aws;

import io.github.resilience4j.retry.Retry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one retry policy: what is tried again, how often, and how long it waits. */
class RetryPolicyTest {

    private static AwsServiceException aws(String code, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void transientErrorsAreTriedAgainUpToMaxAttemptsOthersNot() {
        Retry retry = RetryPolicy.of(3, Duration.ofMillis(1)).forCalls("test");
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> retry.executeSupplier(() -> {
            tries.incrementAndGet();
            throw aws("ServiceUnavailableException", 503);
        })).isInstanceOf(AwsServiceException.class);
        assertThat(tries).hasValue(3);

        tries.set(0);
        assertThatThrownBy(() -> retry.executeSupplier(() -> {
            tries.incrementAndGet();
            throw aws("AccessDeniedException", 403);
        })).isInstanceOf(AwsServiceException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aThrottledCallWaitsOnlyALittleJitterTheLimiterPacesIt() {
        RetryPolicy policy = RetryPolicy.of(2, Duration.ofSeconds(10));
        Retry retry = policy.forCalls("test");
        AtomicInteger tries = new AtomicInteger();
        long started = System.nanoTime();
        String result = retry.executeSupplier(() -> {
            if (tries.incrementAndGet() == 1) {
                throw aws("ThrottlingException", 400);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        // base/5 at most: 2 s for a 10 s base, where a transient error would back off 5 to 15 s.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void theBusyBackoffIsTheLongerOne() {
        RetryPolicy policy = RetryPolicy.withBusyBackoff(8, Duration.ofMillis(250), Duration.ofSeconds(15));
        assertThat(policy.cap()).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.busyCap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryPolicy.backoffOf(aws("Throttling", 400))).isEqualTo(RetryPolicy.Backoff.THROTTLED);
        assertThat(RetryPolicy.backoffOf(aws("InternalFailure", 500))).isEqualTo(RetryPolicy.Backoff.TRANSIENT);
    }
}
