package dev.eksidp.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A new run's id, and the role session name that defaults from it (CloudTrail shows it). */
final class RunIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /** Sortable and unique: the time, plus randomness for runs started in the same second. */
    static String next(Clock clock) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return timestamp(clock) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** The time as run ids start with it (UTC, to the second), for other names that sort with them. */
    static String timestamp(Clock clock) {
        return TIME.format(clock.instant());
    }

    /** --session-name, or {@code prefix-<run id>}; a name STS would refuse is a usage error. */
    static String sessionName(String given, String prefix, String runId) {
        String session = given != null ? given : prefix + "-" + runId;
        if (!SESSION_NAME.matcher(session).matches()) {
            throw new UsageException("--session-name must be 2 to 64 characters of letters, digits and +=,.@_-");
        }
        return session;
    }
}
