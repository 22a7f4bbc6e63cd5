package dev.eksidp.job.remediation;

import dev.eksidp.job.SafetyRails;
import dev.eksidp.remediation.TargetResult;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * --max-failures: counts rows that end FAILED or ACCESS_DENIED across all partitions of a run, starting from what
 * earlier executions of the run already recorded, and says once when the budget is exceeded.
 */
public final class ErrorBudget {

    private final Long budget;
    private final String setting;
    private final AtomicLong failures;
    private final AtomicBoolean exceeded = new AtomicBoolean();

    ErrorBudget(Long budget, String setting, long failuresSoFar) {
        this.budget = budget;
        this.setting = setting;
        this.failures = new AtomicLong(failuresSoFar);
    }

    /**
     * The budget {@code setting} ("25" or "5%", null for none) of a run, counting what its earlier executions
     * already recorded.
     */
    static ErrorBudget of(TargetStore store, String runId, String setting) {
        if (setting == null) {
            return new ErrorBudget(null, null, 0);
        }
        Long budget = SafetyRails.failureBudget(setting, store.countActionable(runId));
        long failedSoFar = store.countsByOutcome(runId).entrySet().stream()
                .filter(e -> e.getKey().countsAgainstBudget()).mapToLong(java.util.Map.Entry::getValue).sum();
        return new ErrorBudget(budget, setting, failedSoFar);
    }

    /** Adds a chunk's results; true only for the chunk that first takes the run over its budget. */
    boolean add(List<? extends TargetResult> results) {
        // A deferred row (its cluster was busy) has no outcome yet.
        long failed = results.stream().filter(r -> r.outcome() != null && r.outcome().countsAgainstBudget()).count();
        long total = failed == 0 ? failures.get() : failures.addAndGet(failed);
        return budget != null && total > budget && exceeded.compareAndSet(false, true);
    }

    /** The setting this execution counts against ("25" or "5%"; null for none): resume may have given a new one. */
    String setting() {
        return setting;
    }

    String reason() {
        long n = failures.get();
        return "error budget exceeded: " + n + (n == 1 ? " row" : " rows") + " FAILED or ACCESS_DENIED, more than the "
                + budget + " allowed (--max-failures " + setting + ")";
    }
}
