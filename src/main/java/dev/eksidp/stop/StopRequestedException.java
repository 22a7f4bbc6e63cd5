package dev.eksidp.stop;

/**
 * Thrown where work would start after a stop was requested: the row is left untouched (no outcome, no attempt
 * recorded) and the next {@code resume} takes it up with the same idempotency token.
 */
public final class StopRequestedException extends RuntimeException {

    public StopRequestedException(String reason) {
        super("stop requested: " + reason, null, false, false);
    }

    /** Rethrows a stop that reached here wrapped (e.g. by the SDK, around a credentials refresh). */
    public static void rethrowIfCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StopRequestedException stop) {
                throw stop;
            }
        }
    }
}
