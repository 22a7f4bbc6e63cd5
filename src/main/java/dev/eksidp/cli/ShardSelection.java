package dev.eksidp.cli;

import dev.eksidp.job.Shard;


/** Turns --shard I/N, --shard-count N and Kubernetes' JOB_COMPLETION_INDEX into the shard a process runs. */
final class ShardSelection {

    private static final int MAX_SHARDS = 1000;

    private ShardSelection() {
    }

    static Shard resolve(String shard, Integer shardCount, String completionIndex) {
        if (shardCount != null && (shardCount < 1 || shardCount > MAX_SHARDS)) {
            throw new UsageException("--shard-count must be between 1 and " + MAX_SHARDS);
        }
        if (shard != null) {
            String[] parts = shard.trim().split("/", -1);
            int index;
            int count;
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                index = Integer.parseInt(parts[0].trim());
                count = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--shard must be I/N, e.g. 0/3 (got '" + shard + "')");
            }
            if (count < 1 || count > MAX_SHARDS || index < 0 || index >= count) {
                throw new UsageException("--shard " + shard + ": need 0 <= I < N <= " + MAX_SHARDS);
            }
            if (shardCount != null && shardCount != count) {
                throw new UsageException("--shard " + shard + " disagrees with --shard-count " + shardCount);
            }
            return new Shard(index, count);
        }
        if (shardCount == null || shardCount == 1) {
            return Shard.ALL;
        }
        if (completionIndex == null || completionIndex.isBlank()) {
            throw new UsageException("--shard-count " + shardCount + " needs --shard I/" + shardCount
                    + " or the environment variable JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job)");
        }
        int index;
        try {
            index = Integer.parseInt(completionIndex.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("JOB_COMPLETION_INDEX '" + completionIndex + "' is not a number");
        }
        if (index < 0 || index >= shardCount) {
            throw new UsageException("JOB_COMPLETION_INDEX " + index + " is not below --shard-count " + shardCount);
        }
        return new Shard(index, shardCount);
    }
}
