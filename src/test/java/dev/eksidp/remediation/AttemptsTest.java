package dev.eksidp.remediation;

import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.aws.RoleAssumptionException;
import dev.eksidp.stop.StopRequestedException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an error becomes a row's outcome, or another try after the backoff it calls for. */
class AttemptsTest {

    private static AwsServiceException aws(String code, int status) {
        return AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("said " + code).build()).build();
    }

    private static Outcome outcome(RuntimeException e) {
        return ((Attempt.Done) Attempts.fromError(7, e)).result().outcome();
    }

    private static RetryPolicy.Backoff backoff(RuntimeException e) {
        return ((Attempt.Again) Attempts.fromError(7, e)).backoff();
    }

    @Test
    void refusalsAreFinal() {
        assertThat(outcome(aws("AccessDeniedException", 403))).isEqualTo(Outcome.ACCESS_DENIED);
        assertThat(outcome(new RoleAssumptionException("AccessDenied", "no", true, null))).isEqualTo(Outcome.ACCESS_DENIED);
        assertThat(outcome(new RoleAssumptionException("RegionDisabledException", "off", true, null)))
                .isEqualTo(Outcome.STS_REGION_DISABLED);
        assertThat(outcome(aws("InvalidParameterException", 400))).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aRefusalTheSdkWrappedWhileSigningIsStillARefusal() {
        SdkClientException wrapped = SdkClientException.builder().message("signing failed")
                .cause(new RoleAssumptionException("AccessDenied", "no", true, null)).build();
        assertThat(outcome(wrapped)).isEqualTo(Outcome.ACCESS_DENIED);
    }

    @Test
    void whatMayPassIsTriedAgainWithItsOwnBackoff() {
        assertThat(backoff(aws("ThrottlingException", 400))).isEqualTo(RetryPolicy.Backoff.THROTTLED);
        assertThat(backoff(aws("TooManyRequestsException", 429))).isEqualTo(RetryPolicy.Backoff.THROTTLED);
        assertThat(backoff(aws("ServerException", 500))).isEqualTo(RetryPolicy.Backoff.TRANSIENT);
        assertThat(backoff(SdkClientException.create("connection reset"))).isEqualTo(RetryPolicy.Backoff.TRANSIENT);
        assertThat(backoff(aws("ExpiredTokenException", 403))).as("our clock and theirs disagree")
                .isEqualTo(RetryPolicy.Backoff.TRANSIENT);
        assertThat(backoff(new RoleAssumptionException("Throttling", "slow", false, null)))
                .isEqualTo(RetryPolicy.Backoff.TRANSIENT);
    }

    @Test
    void aFinalOutcomeKeepsTheServicesCodeAndMessageAndAClientFailureIsNamedStably() {
        TargetResult denied = ((Attempt.Done) Attempts.fromError(7, aws("AccessDeniedException", 403))).result();
        assertThat(denied.line()).isEqualTo(7);
        assertThat(denied.errorCode()).isEqualTo("AccessDeniedException");
        assertThat(denied.errorMessage()).isEqualTo("said AccessDeniedException");
        Attempt.Again reset = (Attempt.Again) Attempts.fromError(7, SdkClientException.create("connection reset"));
        assertThat(reset.errorCode()).isEqualTo("ClientIOError");
    }

    @Test
    void aForbiddenStatusIsARefusalWhateverItsCodeUnlessItSaysTheTokenExpired() {
        assertThat(outcome(aws("SomethingNew", 403))).isEqualTo(Outcome.ACCESS_DENIED);
        assertThat(outcome(aws("UnrecognizedClientException", 400))).isEqualTo(Outcome.ACCESS_DENIED);
        assertThat(backoff(aws("RequestExpired", 403))).isEqualTo(RetryPolicy.Backoff.TRANSIENT);
        assertThat(backoff(aws("SlowDown", 429))).isEqualTo(RetryPolicy.Backoff.THROTTLED);
    }

    @Test
    void aStopIsNeverAnOutcome() {
        assertThatThrownBy(() -> Attempts.fromError(7, new IllegalStateException(new StopRequestedException("signal"))))
                .isInstanceOf(StopRequestedException.class);
    }
}
