package dev.eksidp.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/** How an AWS error is read: by its error code first, its HTTP status second, for EKS and STS alike. */
class AwsErrorsTest {

    private static AwsServiceException error(String code, int status, String message) {
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(status).message(message + " (Service: Eks, Status Code: " + status + ", Request ID: r-1)")
                .build();
    }

    @Test
    void theCodeAndMessageAreTheServicesWithoutTheSdkSuffix() {
        AwsServiceException e = error("ResourceInUseException", 409, "cluster is busy");
        assertThat(AwsErrors.code(e)).isEqualTo("ResourceInUseException");
        assertThat(AwsErrors.message(e)).isEqualTo("cluster is busy");
        assertThat(AwsErrors.status(e)).isEqualTo(409);
        assertThat(AwsErrors.is(e, "ResourceInUseException")).isTrue();
        assertThat(AwsErrors.is(e, "ResourceNotFoundException")).isFalse();
    }

    @Test
    void clientSideFailuresHaveAStableCodeAndAreTransient() {
        SdkClientException io = SdkClientException.create("Unable to execute HTTP request: connection reset");
        assertThat(AwsErrors.code(io)).isEqualTo("ClientIOError");
        assertThat(AwsErrors.status(io)).isZero();
        assertThat(AwsErrors.isTransient(io)).isTrue();
        assertThat(AwsErrors.isAccessDenied(io)).isFalse();
        // Not an AWS error at all: named by its class, and never retried as transient.
        UncheckedIOException other = new UncheckedIOException(new java.io.IOException("disk full"));
        assertThat(AwsErrors.code(other)).isEqualTo("UncheckedIOException");
        assertThat(AwsErrors.isTransient(other)).isFalse();
    }

    @Test
    void throttlingIsKnownByCodeOrBy429AndIsTransient() {
        for (String code : new String[] {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}) {
            assertThat(AwsErrors.isThrottling(error(code, 400, "slow down"))).as(code).isTrue();
            assertThat(AwsErrors.isTransient(error(code, 400, "slow down"))).as(code).isTrue();
        }
        assertThat(AwsErrors.isThrottling(error("SomethingNew", 429, "slow down"))).isTrue();
        assertThat(AwsErrors.isThrottling(error("ResourceInUseException", 409, "busy"))).isFalse();
    }

    @Test
    void serverErrorsAreTransientClientErrorsAreNot() {
        assertThat(AwsErrors.isTransient(error("ServerException", 500, "oops"))).isTrue();
        assertThat(AwsErrors.isTransient(error("ServiceUnavailable", 503, "later"))).isTrue();
        assertThat(AwsErrors.isTransient(error("InvalidParameterException", 400, "bad"))).isFalse();
        assertThat(AwsErrors.isTransient(error("ResourceNotFoundException", 404, "gone"))).isFalse();
    }

    @Test
    void deniedIsKnownByCodeOrBy403ButAnExpiredTokenIsNotADenial() {
        assertThat(AwsErrors.isAccessDenied(error("AccessDeniedException", 400, "no"))).isTrue();
        assertThat(AwsErrors.isAccessDenied(error("InvalidClientTokenId", 400, "no"))).isTrue();
        assertThat(AwsErrors.isAccessDenied(error("SomethingNew", 403, "no"))).isTrue();
        AwsServiceException expired = error("ExpiredTokenException", 403, "The security token included in the request is expired");
        assertThat(AwsErrors.isExpired(expired)).isTrue();
        assertThat(AwsErrors.isAccessDenied(expired)).isFalse();
        assertThat(AwsErrors.isExpired(error("RequestExpired", 400, "late"))).isTrue();
        assertThat(AwsErrors.isAccessDenied(error("ResourceNotFoundException", 404, "gone"))).isFalse();
    }
}
