package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Disassociates each target's identity provider config, with per account/region rate limits, "
                + "retries and stable idempotency tokens. Writes report.csv, report.jsonl and summary.md.",
                "On a terminal it shows what it is about to do and asks; --yes skips the question (cron). "
                        + "Without a terminal and without --yes it refuses (exit 64).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row DISASSOCIATED or ALREADY_ABSENT", "1:the run failed or was stopped; resume continues it",
                "2:finished; some rows need attention (see summary.md)", "64:usage error or not confirmed; nothing was done",
                "75:another process holds the job repository, or is running the same targets (shared repository)"})
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Mixin
    WaitOptions wait;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;

    private final RunStarter starter;

    ApplyCommand(RunStarter starter) {
        this.starter = starter;
    }

    @Override
    public Integer call() throws Exception {
        return starter.start(Mode.APPLY, run, wait, repository, yes);
    }
}
