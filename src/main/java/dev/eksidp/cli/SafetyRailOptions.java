package dev.eksidp.cli;

import dev.eksidp.job.SafetyRails;
import dev.eksidp.aws.AccountId;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Safety rails of plan and apply; recommended sets for cron and incidents are in the README. */
public class SafetyRailOptions {

    private static final Pattern BUDGET = Pattern.compile("\\d+|\\d+(\\.\\d+)?%");

    @Option(names = "--max-failures", paramLabel = "N|P%",
            description = "Error budget: when more rows than this end FAILED or ACCESS_DENIED, the run stops at the next "
                    + "chunk (exit 1); 'resume --max-failures' continues it with a new budget.")
    String maxFailures;

    @Option(names = "--protect-accounts", paramLabel = "FILE",
            description = "Accounts never to act on, one 12-digit id per line (# comments allowed); their rows become BLOCKED.")
    Path protectAccountsFile;

    @Option(names = "--protect-account-ids", paramLabel = "ID", split = ",",
            description = "Protected accounts given inline (comma-separated; a YAML list in a job file).")
    List<String> protectAccountIds;

    @Option(names = "--max-per-account", paramLabel = "N",
            description = "Rows of one account past the first N become BLOCKED (a CSV that lists a whole account by mistake).")
    Long maxPerAccount;

    static void checkBudget(String maxFailures) {
        if (maxFailures != null && !BUDGET.matcher(maxFailures).matches()) {
            throw new UsageException("--max-failures takes a count (e.g. 25) or a percentage (e.g. 5%)");
        }
    }

    /** The protected account ids from the file and the inline list. */
    Set<String> protectedAccounts() {
        Set<String> ids = new TreeSet<>();
        if (protectAccountIds != null) {
            protectAccountIds.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        if (protectAccountsFile != null) {
            try {
                Files.readAllLines(protectAccountsFile).stream().map(l -> l.replaceFirst("#.*", "").trim())
                        .filter(s -> !s.isEmpty()).forEach(ids::add);
            } catch (IOException e) {
                throw new UsageException("cannot read --protect-accounts " + protectAccountsFile + ": " + e.getMessage());
            }
        }
        ids.stream().filter(id -> !AccountId.isValid(id)).findFirst().ifPresent(id -> {
            throw new UsageException("protected account '" + id + "' is not a 12-digit account id");
        });
        return ids;
    }

    /** Checks the values; the protected list is written to the report dir so the run's record shows it. */
    /** @param maxTargets apply's blast-radius cap (--max-targets, apply only: plan acts on nothing), or null */
    SafetyRails toRails(Path protectedListFile, Long maxTargets) {
        if (maxTargets != null && maxTargets < 0 || maxPerAccount != null && maxPerAccount < 1) {
            throw new UsageException("--max-targets must be >= 0 and --max-per-account >= 1");
        }
        checkBudget(maxFailures);
        return new SafetyRails(maxTargets, maxFailures, protectedListFile == null ? null : protectedListFile.toString(),
                maxPerAccount);
    }
}
