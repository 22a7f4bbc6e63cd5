package dev.eksidp.report;

import dev.eksidp.aws.AccountId;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts a run's outcomes as records stream past, for summary.md. Memory grows with the number of accounts, not
 * rows: per-row detail is kept only for the first {@link #DEFAULT_PROBLEM_LIMIT} rows that need attention.
 * Methods are synchronized because a multi-threaded step may add from several threads.
 */
public final class RunSummary {

    public static final int DEFAULT_PROBLEM_LIMIT = 200;

    /** Outcomes someone has to look at; CLUSTER_NOT_FOUND and DUPLICATE are counted but not listed. */
    public static final Set<Outcome> NEEDS_ATTENTION =
            Collections.unmodifiableSet(EnumSet.of(Outcome.FAILED, Outcome.ACCESS_DENIED, Outcome.INVALID_TARGET,
                    Outcome.BLOCKED, Outcome.PROVIDER_MISMATCH, Outcome.STS_REGION_DISABLED, Outcome.CONFLICT));

    /** Account key for rows whose account_id is not a 12-digit id, so junk ids do not each get a table row. */
    public static final String INVALID_ACCOUNT = "(invalid account_id)";


    /** One row that needs attention, without the bulky update JSON of the full record. */
    public record Problem(long line, String accountId, String region, String clusterName, String providerName,
                          Outcome outcome, String errorCode, String errorMessage) {
    }

    private final int problemLimit;
    private final Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
    private final Map<String, Map<Outcome, Long>> byAccount = new TreeMap<>();
    private final Map<String, Long> byErrorCode = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private long omittedProblems;
    private long total;

    public RunSummary() {
        this(DEFAULT_PROBLEM_LIMIT);
    }

    public RunSummary(int problemLimit) {
        if (problemLimit < 0) {
            throw new IllegalArgumentException("problemLimit must be >= 0");
        }
        this.problemLimit = problemLimit;
    }

    public synchronized void add(ReportRecord r) {
        total++;
        byOutcome.merge(r.outcome(), 1L, Long::sum);
        byAccount.computeIfAbsent(accountKey(r.accountId()), k -> new EnumMap<>(Outcome.class))
                .merge(r.outcome(), 1L, Long::sum);
        if (r.errorCode() != null && !r.errorCode().isEmpty()) {
            byErrorCode.merge(r.errorCode(), 1L, Long::sum);
        }
        if (NEEDS_ATTENTION.contains(r.outcome())) {
            if (problems.size() < problemLimit) {
                problems.add(new Problem(r.line(), r.accountId(), r.region(), r.clusterName(), r.providerName(),
                        r.outcome(), r.errorCode(), r.errorMessage()));
            } else {
                omittedProblems++;
            }
        }
    }

    public synchronized long total() {
        return total;
    }

    /** Outcomes that occurred, in enum order. */
    public synchronized Map<Outcome, Long> countsByOutcome() {
        return Collections.unmodifiableMap(new EnumMap<>(byOutcome));
    }

    /** Account id (sorted) to outcome counts, in enum order. */
    public synchronized Map<String, Map<Outcome, Long>> countsByAccount() {
        Map<String, Map<Outcome, Long>> copy = new LinkedHashMap<>();
        byAccount.forEach((account, counts) -> copy.put(account, Collections.unmodifiableMap(new EnumMap<>(counts))));
        return Collections.unmodifiableMap(copy);
    }

    /** The first rows that need attention, in the order they were added. */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Rows that need attention beyond those kept in {@link #problems()}. */
    public synchronized long omittedProblems() {
        return omittedProblems;
    }

    /** Rows whose outcome is clean for the mode (exit 0 when all are); 0 when the mode is unknown. */
    public synchronized long clean(Mode mode) {
        return mode == null ? 0 : byOutcome.entrySet().stream().filter(e -> e.getKey() != null && !e.getKey().needsAttention(mode))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Rows per error code (rows without one are not counted): which rails fired, which errors dominated. */
    public synchronized Map<String, Long> countsByErrorCode() {
        return Collections.unmodifiableMap(new TreeMap<>(byErrorCode));
    }

    public synchronized long needsAttention() {
        return problems.size() + omittedProblems;
    }

    private static String accountKey(String accountId) {
        return AccountId.isValid(accountId) ? accountId : INVALID_ACCOUNT;
    }
}
