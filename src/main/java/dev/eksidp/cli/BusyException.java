package dev.eksidp.cli;

/** Another process holds what this run needs (exit 75): retrying later is the fix. */
final class BusyException extends RuntimeException {

    BusyException(String message) {
        super(message);
    }
}
