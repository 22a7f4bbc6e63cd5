package dev.eksidp.simulator;

/** An AWS error to send back; the protocol layer (rest-json or query XML) renders it. */
class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
