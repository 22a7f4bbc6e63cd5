package dev.eksidp.aws;

/**
 * The base credentials cannot be used at all (none found, an unknown profile, refused by STS): no retry and no
 * other target can help, so the run stops before it touches one.
 */
public final class BaseCredentialsException extends RuntimeException {

    public BaseCredentialsException(String message) {
        super(message);
    }
}
