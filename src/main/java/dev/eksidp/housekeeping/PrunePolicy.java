package dev.eksidp.housekeeping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which runs {@code prune} removes: those whose last activity is older than {@code olderThan}, except the
 * {@code keepLast} newest runs, and except unfinished runs (they may still be resumed) unless
 * {@code includeUnfinished}.
 */
public record PrunePolicy(Duration olderThan, int keepLast, boolean includeUnfinished) {

    public PrunePolicy {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("the age must not be negative");
        }
        if (keepLast < 0) {
            throw new IllegalArgumentException("--keep-last must be >= 0");
        }
    }

    /** @param newestFirst every run of the repository, newest first */
    public List<StoredRun> select(List<StoredRun> newestFirst, Instant now) {
        Instant cut = now.minus(olderThan);
        List<StoredRun> selected = new ArrayList<>();
        for (int i = keepLast; i < newestFirst.size(); i++) {
            StoredRun run = newestFirst.get(i);
            if (run.lastActivity().isBefore(cut) && (run.finished() || includeUnfinished)) {
                selected.add(run);
            }
        }
        return selected;
    }
}
