package dev.eksidp.aws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AssumeRole session length of each role: --session-duration, unless the role refused it. A role's maximum
 * session is its own setting (1 h unless raised), and a hub identity that is itself an assumed role is capped at
 * 1 h (role chaining); STS answers a longer request with ValidationError. Such a role then gets 3600 s, then
 * 900 s, and the summary says so. Long runs never depend on the length: credentials are refreshed before expiry.
 */
public final class SessionDurations {

    private static final int ONE_HOUR = 3600;
    private static final int MINIMUM = 900;
    /** How many refusals the summary names one by one. */
    private static final int NAMED = 5;
    private static final Logger log = LoggerFactory.getLogger(SessionDurations.class);

    private final int requested;
    private final Map<String, Integer> fallbacks = new ConcurrentHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private volatile int cap;

    public SessionDurations(int requestedSeconds) {
        this.requested = requestedSeconds;
        this.cap = requestedSeconds;
    }

    int forRole(String roleArn) {
        return Math.min(cap, fallbacks.getOrDefault(roleArn, requested));
    }

    /** The base identity is an assumed role: every session is capped at 1 h. */
    void chained(String baseArn) {
        if (requested > ONE_HOUR) {
            cap = ONE_HOUR;
        }
        note("the base identity " + baseArn + " is an assumed role: role chaining caps every session at 1 h"
                + (requested > ONE_HOUR ? " (--session-duration " + requested + " lowered to 3600)" : "")
                + "; credentials are refreshed before they expire");
    }

    /** Records a refusal of {@code seconds}; false when there is nothing shorter left to try. */
    boolean refused(String roleArn, int seconds, String message) {
        int next = seconds > ONE_HOUR ? ONE_HOUR : seconds > MINIMUM ? MINIMUM : 0;
        if (next == 0) {
            return false;
        }
        fallbacks.put(roleArn, next);
        log.warn("{} refused a session of {} s ({}); {} s used", roleArn, seconds, message, next);
        long count = fallbacks.size();
        if (count <= NAMED) {
            note(roleArn + " refused a session of " + seconds + " s (" + message + "); " + next + " s used");
        } else if (count == NAMED + 1) {
            note("more roles refused the session length; see the log");
        }
        return true;
    }

    static boolean isRefusal(Throwable e) {
        return AwsErrors.is(e, "ValidationError") && AwsErrors.message(e).contains("DurationSeconds");
    }

    private synchronized void note(String line) {
        notes.add(line);
    }

    /** Lines for the summary: what was shortened and why. */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
