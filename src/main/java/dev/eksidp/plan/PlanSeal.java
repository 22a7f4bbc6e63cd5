package dev.eksidp.plan;

import dev.eksidp.output.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private static final String SEAL_KEY = "seal";

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
        fields.put("plan.csv", sha256(planDir.resolve("plan.csv")));
        fields.put("plan.jsonl", sha256(planDir.resolve("plan.jsonl")));
        fields.put("targets_file", targetsFile.toAbsolutePath().toString());
        String targetsSha;
        try {
            targetsSha = sha256(targetsFile);
        } catch (NoSuchFileException e) {
            targetsSha = "missing";
        }
        fields.put("targets_sha256", targetsSha);
        List<String> lines = new ArrayList<>();
        lines.add("# eks-idp-remediation plan seal: apply --plan refuses the plan if this file or the files it names change");
        fields.forEach((k, v) -> lines.add(k + ": " + v));
        lines.add(SEAL_KEY + ": " + sha256(String.join("\n", lines)));
        OwnerOnlyFiles.writeAtomically(planDir, FILE_NAME, String.join("\n", lines) + "\n");
    }

    /** Checks the seal, the plan files, and the plan's age. */
    public static Sealed check(Path planDir, Duration maxAge, Instant now) throws Refused {
        Path file = planDir.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Refused(planDir + " is not a sealed plan: no " + FILE_NAME + " (only plan runs write one)");
        } catch (IOException e) {
            throw new Refused("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int sealAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(": ");
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            if (key.equals(SEAL_KEY)) {
                sealAt = i;
            }
            fields.put(key, line.substring(colon + 2));
        }
        if (sealAt < 0 || sealAt != lines.size() - 1
                || !sha256(String.join("\n", lines.subList(0, sealAt))).equals(fields.get(SEAL_KEY))) {
            throw new Refused(file + " was changed after the plan was written; run plan again");
        }
        for (String name : List.of("plan.csv", "plan.jsonl")) {
            String actual;
            try {
                actual = sha256(planDir.resolve(name));
            } catch (IOException e) {
                throw new Refused("cannot read " + planDir.resolve(name) + ": " + e.getMessage());
            }
            if (!actual.equals(fields.get(name))) {
                throw new Refused(planDir.resolve(name) + " was changed after the plan was written (checksum mismatch); run plan again");
            }
        }
        Instant writtenAt;
        try {
            writtenAt = Instant.parse(fields.get("written_at"));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new Refused(file + " has no valid written_at; run plan again");
        }
        Duration age = Duration.between(writtenAt, now);
        if (age.compareTo(maxAge) > 0) {
            throw new Refused("the plan was written " + writtenAt + " (" + human(age) + " ago), older than --max-plan-age "
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

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
