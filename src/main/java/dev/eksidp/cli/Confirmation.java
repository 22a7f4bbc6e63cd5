package dev.eksidp.cli;

import dev.eksidp.aws.BaseIdentity;
import dev.eksidp.remediation.Mode;

import java.io.IOException;
import java.util.Map;

/** Shows what apply or restore is about to change and asks a person to type "yes"; never assumes it. */
final class Confirmation {

    private static final int ACCOUNTS_SHOWN = 20;

    private final CliEnvironment env;

    Confirmation(CliEnvironment env) {
        this.env = env;
    }

    void require(Mode mode, TargetPreview preview, String roleDescription, BaseIdentity identity, boolean alreadyConfirmed) {
        if (alreadyConfirmed) {
            return;
        }
        refuseWithoutTerminal(action(mode));
        env.err().printf("About to %s identity provider configs: %d targets in %d accounts "
                        + "(%d rows in the file; invalid, duplicate and blocked rows are only reported).%n",
                mode == Mode.RESTORE ? "RE-ASSOCIATE" : "DISASSOCIATE", preview.actionable(),
                preview.actionablePerAccount().size(), preview.rows());
        env.err().printf("%s%nRole assumed in each account: %s%n", identity.describe(), roleDescription);
        int shown = 0;
        for (Map.Entry<String, Long> e : preview.actionablePerAccount().entrySet()) {
            if (shown++ == ACCOUNTS_SHOWN) {
                env.err().printf("  ... and %d more accounts%n", preview.actionablePerAccount().size() - ACCOUNTS_SHOWN);
                break;
            }
            env.err().printf("  %s  %d%n", e.getKey(), e.getValue());
        }
        askYes();
    }

    /**
     * For any other destructive command, once it has shown what it is about to do: refuses without a terminal,
     * otherwise asks.
     *
     * @param action what the command does, e.g. "prune deletes runs from the job repository"
     */
    void requireYes(String action, boolean alreadyConfirmed) {
        if (alreadyConfirmed) {
            return;
        }
        refuseWithoutTerminal(action);
        askYes();
    }

    /** Before the pre-flight: an apply or restore that could never be confirmed is refused without any AWS call. */
    void requirePossible(Mode mode, boolean alreadyConfirmed) {
        if (!alreadyConfirmed) {
            refuseWithoutTerminal(action(mode));
        }
    }

    private static String action(Mode mode) {
        return mode == Mode.RESTORE ? "restore associates identity providers again" : "apply disassociates identity providers";
    }

    private void refuseWithoutTerminal(String action) {
        if (!env.terminal()) {
            throw new UsageException(action + " and needs confirmation: run it on a terminal, or pass --yes (scheduled runs)");
        }
    }

    private void askYes() {
        env.err().print("Type 'yes' to continue: ");
        env.err().flush();
        String answer;
        try {
            answer = env.in().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
            throw new UsageException("not confirmed; nothing was done");
        }
    }
}
