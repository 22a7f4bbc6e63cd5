package dev.eksidp.targets;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which rows of one pass over a targets file a run acts on, and why the others are left alone. The rules, in the
 * order they apply: a malformed row is invalid; a repeat of an earlier valid target is a duplicate of its first
 * line; a row of a protected account is not acted on; in each account, rows past the first {@code maxPerAccount}
 * (in input order) are over the ceiling. Rows must come in input order. It keeps one key per distinct target.
 */
public final class TargetClassifier {

    public enum Verdict { INVALID, DUPLICATE, PROTECTED_ACCOUNT, OVER_ACCOUNT_CEILING, ACTIONABLE }

    /** A row's verdict; {@code duplicateOf} is the first line of the same target, for a duplicate only. */
    public record Classification(Verdict verdict, Long duplicateOf) {
    }

    private final Set<String> protectedAccounts;
    private final Long maxPerAccount;
    private final Map<String, Long> firstLineOf = new HashMap<>();
    private final Map<String, Long> actionablePerAccount = new HashMap<>();

    /** {@code maxPerAccount} null: no ceiling. */
    public TargetClassifier(Collection<String> protectedAccounts, Long maxPerAccount) {
        this.protectedAccounts = Set.copyOf(protectedAccounts);
        this.maxPerAccount = maxPerAccount;
    }

    public Classification classify(TargetRow row) {
        if (!row.valid()) {
            return new Classification(Verdict.INVALID, null);
        }
        Long first = firstLineOf.putIfAbsent(row.key(), row.line());
        if (first != null) {
            return new Classification(Verdict.DUPLICATE, first);
        }
        if (protectedAccounts.contains(row.accountId())) {
            return new Classification(Verdict.PROTECTED_ACCOUNT, null);
        }
        long inAccount = actionablePerAccount.getOrDefault(row.accountId(), 0L);
        if (maxPerAccount != null && inAccount >= maxPerAccount) {
            return new Classification(Verdict.OVER_ACCOUNT_CEILING, null);
        }
        actionablePerAccount.put(row.accountId(), inAccount + 1);
        return new Classification(Verdict.ACTIONABLE, null);
    }

    /** The rows found actionable so far, per account, by account id. */
    public Map<String, Long> actionablePerAccount() {
        return new TreeMap<>(actionablePerAccount);
    }
}
