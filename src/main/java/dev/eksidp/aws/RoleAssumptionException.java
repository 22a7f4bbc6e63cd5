package dev.eksidp.aws;

/**
 * The role of an account could not be assumed. {@code denied} marks a refusal that retrying will not change
 * (access denied, a role that does not exist, credentials for another account): the whole account is skipped.
 */
public final class RoleAssumptionException extends RuntimeException {

    private final String errorCode;
    private final boolean denied;

    public RoleAssumptionException(String errorCode, String message, boolean denied, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.denied = denied;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean denied() {
        return denied;
    }
}
