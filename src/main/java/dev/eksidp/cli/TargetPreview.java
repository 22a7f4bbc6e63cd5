package dev.eksidp.cli;

import dev.eksidp.job.Shard;
import dev.eksidp.targets.TargetClassifier;
import dev.eksidp.targets.TargetFileException;
import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A first pass over the targets file before the run: a file-level problem becomes a usage error before any AWS
 * call, and apply can show (and cap) what it is about to do, per account, after duplicates, protected accounts
 * and the per-account ceiling ({@link TargetClassifier}, the load step's rules), for this process's shard.
 */
record TargetPreview(long rows, long invalid, Map<String, Long> actionablePerAccount) {

    static TargetPreview of(Path file, Set<String> protectedAccounts, Long maxPerAccount, Shard shard,
                            boolean allowUnknownRegions) {
        long rows = 0;
        long invalid = 0;
        TargetClassifier classifier = new TargetClassifier(protectedAccounts, maxPerAccount);
        try (TargetFileReader reader = TargetFileReader.open(file, allowUnknownRegions)) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (!shard.accepts(row)) {
                    continue;
                }
                rows++;
                if (classifier.classify(row).verdict() == TargetClassifier.Verdict.INVALID) {
                    invalid++;
                }
            }
        } catch (TargetFileException e) {
            throw new UsageException(e.getMessage());
        }
        return new TargetPreview(rows, invalid, classifier.actionablePerAccount());
    }
    /** Rows the run would act on. */
    long actionable() {
        return actionablePerAccount.values().stream().mapToLong(Long::longValue).sum();
    }
}
