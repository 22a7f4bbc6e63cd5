package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;


@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dry run: reads each target's cluster and provider config (read-only calls) and writes "
                + "plan.csv, plan.jsonl and summary.md saying what apply would do.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row WOULD_DISASSOCIATE or ALREADY_ABSENT", "1:the run failed or was stopped; resume continues it",
                "2:finished; some rows need attention (see summary.md)", "64:usage error; nothing was done",
                "75:another plan of the same targets is running (same content and shard); nothing was done",
                "78:no usable base credentials (none found, unknown profile, refused by STS); nothing was done"})
final class PlanCommand extends RunCommand {

    PlanCommand(RunStarter starter) {
        super(starter);
    }

    @Override
    public Integer call() throws Exception {
        return metrics.around("plan", starter.out(),
                () -> starter.start(Mode.PLAN, new RunStarter.Request(run, WaitOptions.none(), rails, null, repository, aws,
                        true, null), metrics.recorder(starter.out())));
    }
}
