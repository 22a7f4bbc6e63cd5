package dev.eksidp.targets;

/**
 * The targets file as a whole cannot be used. The message is one line a user can act on; the CLI turns it
 * into a usage error (exit 64) before any AWS call is made.
 */
public class TargetFileException extends Exception {

    public TargetFileException(String message) {
        super(message);
    }

    public TargetFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
