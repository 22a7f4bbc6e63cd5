package dev.eksidp.plan;

import dev.eksidp.output.ReportSeal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * plan.sha256: written by a plan run's writeReports step next to plan.csv, it records the run id, when the plan
 * was written, the SHA-256 of plan.csv and plan.jsonl, the original targets file and its SHA-256, and a last line
 * sealing all the lines above. {@code apply --plan} refuses a plan whose files or seal no longer match, or which
 * is older than --max-plan-age.
 *
 * <p>This detects a plan edited (by hand, by a spreadsheet, by a bad merge) after review; it is not a signature:
 * someone who can write the report directory (owner-only) can also recompute the checksums.
 */
public final class PlanSeal {

    public static final String FILE_NAME = "plan.sha256";
    private static final List<String> FILES = List.of("plan.csv", "plan.jsonl");

    /** A plan that passed the checks. */
    public record Sealed(String runId, Instant writtenAt, Path targetsFile, String targetsSha256) {
    }

    /** Why a plan is refused; one line for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private PlanSeal() {
    }

    public static void write(Path planDir, String runId, Path targetsFile, Instant writtenAt) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("run_id", runId);
        fields.put("written_at", writtenAt.toString());
        fields.put("targets_file", targetsFile.toAbsolutePath().toString());
        String targetsSha;
        try {
            targetsSha = ReportSeal.sha256(targetsFile);
        } catch (NoSuchFileException e) {
            targetsSha = "missing";
        }
        fields.put("targets_sha256", targetsSha);
        ReportSeal.write(planDir, FILE_NAME, "eks-idp-remediation plan seal: apply --plan refuses the plan if this file or "
                + "the files it names change", fields, FILES);
    }

    /** Checks the seal, the plan files, and the plan's age. */
    public static Sealed check(Path planDir, Duration maxAge, Instant now) throws Refused {
        Map<String, String> fields;
        try {
            fields = ReportSeal.check(planDir, FILE_NAME, "plan", FILES);
        } catch (ReportSeal.Refused e) {
            throw new Refused(e.getMessage() + "; run plan again");
        }
        Path file = planDir.resolve(FILE_NAME);
        Instant writtenAt;
        try {
            writtenAt = Instant.parse(fields.get("written_at"));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new Refused(file + " has no valid written_at; run plan again");
        }
        Duration age = Duration.between(writtenAt, now);
        if (age.compareTo(maxAge) > 0) {
            throw new Refused("the plan was written " + writtenAt.truncatedTo(ChronoUnit.SECONDS) + " (" + human(age)
                    + " ago), older than --max-plan-age "
                    + human(maxAge) + "; run plan again");
        }
        return new Sealed(fields.get("run_id"), writtenAt, Path.of(fields.getOrDefault("targets_file", "")),
                fields.get("targets_sha256"));
    }

    /** "24h", "90m", "30s", "2d", "1h30m" or an ISO-8601 duration (PT24H). */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase());
        }
        if (!t.matches("(\\d+[dhms])+")) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 24h, 90m, 30s, 2d or PT24H");
        }
        Duration d = Duration.ZERO;
        var m = java.util.regex.Pattern.compile("(\\d+)([dhms])").matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    /** "25h", "1h30m", "11s": to the second, as an operator reads an age (not "10.745804015s"). */
    static String human(Duration d) {
        return d.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase();
    }

    public static String sha256(Path file) throws IOException {
        return ReportSeal.sha256(file);
    }
}
