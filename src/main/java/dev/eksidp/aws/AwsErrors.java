package dev.eksidp.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.Set;

/** Reads AWS errors the same way for EKS and STS: by error code first, HTTP status second. */
public final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of(
            "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded");
    private static final Set<String> DENIED = Set.of(
            "AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "InvalidSignatureException", "NotAuthorized");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired");

    private AwsErrors() {
    }

    /** The service's error code, or a stable name for client-side failures (I/O, timeouts). */
    public static String code(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        if (t instanceof SdkClientException) {
            return "ClientIOError";
        }
        return t.getClass().getSimpleName();
    }

    /** The service's message without the SDK's request-id suffix, or the exception message. */
    public static String message(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return String.valueOf(t.getMessage());
    }

    public static int status(Throwable t) {
        return t instanceof SdkServiceException e ? e.statusCode() : 0;
    }

    public static boolean isThrottling(Throwable t) {
        return THROTTLING.contains(code(t)) || status(t) == 429;
    }

    /** Worth another attempt soon: throttling, server-side errors, dropped connections and timeouts. */
    public static boolean isTransient(Throwable t) {
        return isThrottling(t) || status(t) >= 500 || t instanceof SdkClientException;
    }

    public static boolean isAccessDenied(Throwable t) {
        return DENIED.contains(code(t)) || status(t) == 403 && !isExpired(t);
    }

    public static boolean isExpired(Throwable t) {
        return EXPIRED.contains(code(t));
    }

    public static boolean is(Throwable t, String code) {
        return code.equals(code(t));
    }
}
