package dev.eksidp.cli;

import dev.eksidp.targets.TargetFileException;
import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A first pass over the targets file before the run: a file-level problem becomes a usage error before any AWS
 * call, and apply can show what it is about to do, per account. Memory grows with accounts, not rows.
 */
record TargetPreview(long rows, long invalid, Map<String, Long> validPerAccount) {

    static TargetPreview of(Path file) {
        long rows = 0;
        long invalid = 0;
        Map<String, Long> perAccount = new TreeMap<>();
        try (TargetFileReader reader = TargetFileReader.open(file)) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                rows++;
                if (row.valid()) {
                    perAccount.merge(row.accountId(), 1L, Long::sum);
                } else {
                    invalid++;
                }
            }
        } catch (TargetFileException e) {
            throw new UsageException(e.getMessage());
        }
        return new TargetPreview(rows, invalid, perAccount);
    }

    long valid() {
        return rows - invalid;
    }
}
