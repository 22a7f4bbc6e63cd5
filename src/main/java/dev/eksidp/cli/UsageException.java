package dev.eksidp.cli;

/** A problem with what the user asked for: reported as one line, exit 64, before any AWS call. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
