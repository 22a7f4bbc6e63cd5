package dev.eksidp.targets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each known column sits in a targets file. Header names are matched trimmed and case-insensitively
 * because files come from spreadsheets and hand edits; unknown columns are ignored so that people can keep
 * notes next to the targets.
 */
record TargetHeader(int width, int accountId, int region, int clusterName, int providerType, int providerName,
                    int roleArn) {

    static final List<String> REQUIRED =
            List.of("account_id", "region", "cluster_name", "provider_type", "provider_name");
    static final String ROLE_ARN = "role_arn";

    static final int ABSENT = -1;

    static TargetHeader parse(String[] cells, String fileName) throws TargetFileException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String name = normalise(cells[i]);
            if (!isKnown(name)) {
                continue;
            }
            if (index.putIfAbsent(name, i) != null) {
                throw new TargetFileException(fileName + ": header names column '" + name
                        + "' twice; keep one so it is clear which value to use");
            }
        }
        if (index.isEmpty()) {
            throw new TargetFileException(noHeaderMessage(cells, fileName));
        }
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (!index.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new TargetFileException(fileName + ": header lacks required column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (expected " + String.join(",", REQUIRED) + "[," + ROLE_ARN + "])");
        }
        return new TargetHeader(cells.length, index.get("account_id"), index.get("region"),
                index.get("cluster_name"), index.get("provider_type"), index.get("provider_name"),
                index.getOrDefault(ROLE_ARN, ABSENT));
    }

    private static String noHeaderMessage(String[] cells, String fileName) {
        String expected = String.join(",", REQUIRED);
        if (cells.length > 0 && cells[0] != null && cells[0].trim().matches("[0-9]{12}")) {
            return fileName + ": first line looks like data, not a header; add the header line " + expected;
        }
        return fileName + ": not a targets CSV: the first line names none of the columns " + expected;
    }

    private static boolean isKnown(String name) {
        return REQUIRED.contains(name) || ROLE_ARN.equals(name);
    }

    private static String normalise(String cell) {
        return cell == null ? "" : cell.trim().toLowerCase(Locale.ROOT);
    }
}
