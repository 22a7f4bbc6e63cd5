package dev.eksidp.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checksum file that seals a report directory's files: {@code name: value} lines (fields, then each file's
 * SHA-256), and a last line sealing all the lines above. {@link #check} refuses the directory when the seal or any
 * file it names changed. This detects an edit after the run (by hand, by a spreadsheet, by a bad merge); it is not
 * a signature: whoever can write the owner-only directory can also recompute the checksums.
 */
public final class ReportSeal {

    private static final String SEAL_KEY = "seal";

    /** Why a directory is refused; one line for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private ReportSeal() {
    }

    /** Writes {@code dir/sealName} over {@code files} (names in dir), after {@code fields}; owner-only and atomic. */
    public static void write(Path dir, String sealName, String comment, Map<String, String> fields, List<String> files)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + comment);
        fields.forEach((k, v) -> lines.add(k + ": " + v));
        for (String file : files) {
            lines.add(file + ": " + sha256(dir.resolve(file)));
        }
        lines.add(SEAL_KEY + ": " + sha256(String.join("\n", lines)));
        OwnerOnlyFiles.writeAtomically(dir, sealName, String.join("\n", lines) + "\n");
    }

    /**
     * Checks the seal and every file it names; {@code kind} names what wrote them in messages ("plan", "report").
     * Returns the sealed fields (file checksums included).
     */
    public static Map<String, String> check(Path dir, String sealName, String kind, List<String> files) throws Refused {
        Path file = dir.resolve(sealName);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Refused(dir + " is not a sealed " + kind + ": no " + sealName);
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
            throw new Refused(file + " was changed after the " + kind + " was written");
        }
        for (String name : files) {
            String actual;
            try {
                actual = sha256(dir.resolve(name));
            } catch (IOException e) {
                throw new Refused("cannot read " + dir.resolve(name) + ": " + e.getMessage());
            }
            if (!actual.equals(fields.get(name))) {
                throw new Refused(dir.resolve(name) + " was changed after the " + kind + " was written (checksum mismatch)");
            }
        }
        return fields;
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

    static String sha256(String text) {
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
