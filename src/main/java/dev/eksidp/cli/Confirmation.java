package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;

import java.io.IOException;
import java.util.Map;

/** Shows what apply is about to change and asks a person to type "yes"; never assumes it. */
final class Confirmation {

    private static final int ACCOUNTS_SHOWN = 20;

    private final CliEnvironment env;

    Confirmation(CliEnvironment env) {
        this.env = env;
    }

    void require(Mode mode, TargetPreview preview, String roleDescription, boolean alreadyConfirmed) {
        if (alreadyConfirmed) {
            return;
        }
        boolean restore = mode == Mode.RESTORE;
        refuseWithoutTerminal(restore ? "restore associates identity providers again" : "apply disassociates identity providers");
        env.err().printf("About to %s identity provider configs: %d targets in %d accounts "
                        + "(%d rows in the file; invalid, duplicate and blocked rows are only reported).%n",
                restore ? "RE-ASSOCIATE" : "DISASSOCIATE", preview.actionable(), preview.actionablePerAccount().size(), preview.rows());
        env.err().printf("Role assumed in each account: %s%n", roleDescription);
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
