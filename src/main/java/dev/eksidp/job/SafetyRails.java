package dev.eksidp.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The limits that stop a bad run early (a wrong CSV, a wrong role): a cap on the rows acted on, an error
 * budget, protected accounts and a per-account ceiling. Stored with the run's parameters; null means not set.
 *
 * @param maxTargets            apply refuses to start when more rows than this would be acted on
 * @param maxFailures           error budget: a count ("25") or a share of the rows acted on ("5%")
 * @param protectedAccountsFile one account id per line; their rows become BLOCKED
 * @param maxPerAccount         rows of one account past this many become BLOCKED
 */
public record SafetyRails(Long maxTargets, String maxFailures, String protectedAccountsFile, Long maxPerAccount) {

    public static final SafetyRails NONE = new SafetyRails(null, null, null, null);

    /** The error budget {@code maxFailures} ("25" or "5%") as a number of rows; null when not set. */
    public static Long failureBudget(String maxFailures, long rowsActedOn) {
        if (maxFailures == null) {
            return null;
        }
        return maxFailures.endsWith("%")
                ? (long) Math.floor(rowsActedOn * Double.parseDouble(maxFailures.substring(0, maxFailures.length() - 1)) / 100)
                : Long.parseLong(maxFailures);
    }

    /**
     * One line per rail that is set, for summary.md.
     *
     * @param budgetNow the error budget this execution counts against: resume may have given another one
     */
    public List<String> describe(String budgetNow) {
        List<String> lines = new ArrayList<>();
        if (maxTargets != null) {
            lines.add("--max-targets " + maxTargets);
        }
        if (!Objects.equals(budgetNow, maxFailures)) {
            lines.add("--max-failures " + budgetNow + " (given to resume; the run started with "
                    + (maxFailures == null ? "none" : maxFailures) + ")");
        } else if (maxFailures != null) {
            lines.add("--max-failures " + maxFailures);
        }
        if (protectedAccountsFile != null) {
            lines.add("--protect-accounts (list kept in " + protectedAccountsFile + ")");
        }
        if (maxPerAccount != null) {
            lines.add("--max-per-account " + maxPerAccount);
        }
        return lines;
    }
}
