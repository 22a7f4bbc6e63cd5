package dev.eksidp.cli;

import dev.eksidp.job.Shard;
import dev.eksidp.targets.TargetFileException;
import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A first pass over the targets file before the run: a file-level problem becomes a usage error before any AWS
 * call, and apply can show (and cap) what it is about to do, per account, after duplicates, protected accounts
 * and the per-account ceiling, for this process's shard. It keeps one key per distinct target to find duplicates.
 */
record TargetPreview(long rows, long invalid, Map<String, Long> actionablePerAccount) {

    static TargetPreview of(Path file, Set<String> protectedAccounts, Long maxPerAccount, Shard shard,
                            boolean allowUnknownRegions) {
        long rows = 0;
        long invalid = 0;
        Set<String> seen = new HashSet<>();
        Map<String, Long> perAccount = new HashMap<>();
        try (TargetFileReader reader = TargetFileReader.open(file, allowUnknownRegions)) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (!shard.accepts(row)) {
                    continue;
                }
                rows++;
                if (!row.valid()) {
                    invalid++;
                } else if (seen.add(row.key()) && !protectedAccounts.contains(row.accountId())) {
                    perAccount.merge(row.accountId(), 1L, Long::sum);
                }
            }
        } catch (TargetFileException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, Long> actionable = new TreeMap<>();
        perAccount.forEach((account, n) -> actionable.put(account, maxPerAccount == null ? n : Math.min(n, maxPerAccount)));
        return new TargetPreview(rows, invalid, actionable);
    }

    /** Rows the run would act on. */
    long actionable() {
        return actionablePerAccount.values().stream().mapToLong(Long::longValue).sum();
    }
}
