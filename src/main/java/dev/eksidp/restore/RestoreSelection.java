package dev.eksidp.restore;

import dev.eksidp.aws.AccountId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which removed configs a restore puts back: all of them, or those of the chosen report lines (--rows 3,7-9) and/or
 * accounts (--accounts). Both given: a config must match both.
 */
public record RestoreSelection(Set<Long> lines, Set<String> accounts) {

    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
    private static final int MAX_RANGE = 1_000_000;

    public static RestoreSelection all() {
        return new RestoreSelection(Set.of(), Set.of());
    }

    /** @throws IllegalArgumentException with a message for the user */
    public static RestoreSelection parse(String rows, String accounts) {
        Set<Long> lines = new TreeSet<>();
        for (String part : split(rows)) {
            Matcher m = RANGE.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("--rows: '" + part + "' is not a line or a range like 7-9");
            }
            long from = Long.parseLong(m.group(1));
            long to = m.group(2) == null ? from : Long.parseLong(m.group(2));
            if (to < from || to - from > MAX_RANGE) {
                throw new IllegalArgumentException("--rows: '" + part + "' is not a range from low to high");
            }
            for (long l = from; l <= to; l++) {
                lines.add(l);
            }
        }
        Set<String> ids = new TreeSet<>();
        for (String id : split(accounts)) {
            if (!AccountId.isValid(id)) {
                throw new IllegalArgumentException("--accounts: '" + id + "' is not a 12-digit account id");
            }
            ids.add(id);
        }
        return new RestoreSelection(lines, ids);
    }

    public List<RemovedConfig> apply(List<RemovedConfig> configs) {
        List<RemovedConfig> out = new ArrayList<>();
        for (RemovedConfig c : configs) {
            if ((lines.isEmpty() || lines.contains(c.line())) && (accounts.isEmpty() || accounts.contains(c.accountId()))) {
                out.add(c);
            }
        }
        return out;
    }

    public boolean everything() {
        return lines.isEmpty() && accounts.isEmpty();
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return List.of(list.trim().split("\\s*,\\s*"));
    }
}
