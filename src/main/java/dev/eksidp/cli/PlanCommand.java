package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;


@Command(name = "plan",
        description = {"Dry run: reads each target's cluster and provider config (read-only calls) and writes "
                + "plan.csv, plan.jsonl and summary.md saying what apply would do.", ""},
        exitCodeList = {"0:every row WOULD_DISASSOCIATE or ALREADY_ABSENT", ExitCodes.HELP_RUN_RESUMABLE,
                ExitCodes.HELP_RUN_NEEDS_ATTENTION, "64:usage error; nothing was done",
                "75:another plan of the same targets is running (same content and shard); nothing was done",
                ExitCodes.HELP_RUN_CONFIG})
final class PlanCommand extends RunCommand {

    PlanCommand(CliEnvironment env, RunStarter starter) {
        super(env, starter);
    }

    @Override
    public Integer call() throws Exception {
        return common.metrics.around("plan", env.out(),
                () -> starter.start(Mode.PLAN, new RunStarter.Request(run, WaitOptions.none(), rails, null, common.repository, common.aws,
                        true, null), common.metrics.recorder(env.out())));
    }
}
