package dev.eksidp.discovery;

import dev.eksidp.aws.AccountId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts file of {@code discover --accounts}: one 12-digit account id per line, or a CSV whose first column
 * is the account id (so {@code aws organizations list-accounts} output cut to CSV works). Blank lines, lines
 * starting with #, and a header line (first cell not a number) are skipped; repeats are dropped.
 */
public final class AccountList {


    private AccountList() {
    }

    /** @throws IllegalArgumentException naming the first bad line */
    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replace("\uFEFF", "").trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String first = line.split(",", 2)[0].replace("\"", "").trim();
            if (i == 0 && !first.chars().allMatch(Character::isDigit)) {
                continue;
            }
            ids.add(check(first, file + " line " + (i + 1)));
        }
        return new ArrayList<>(ids);
    }

    public static String check(String id, String where) {
        if (!AccountId.isValid(id)) {
            throw new IllegalArgumentException(where + ": '" + id + "' is not a 12-digit account id");
        }
        return id;
    }
}
