package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Disassociates each target's identity provider config, with per account/region rate limits, "
                + "retries and stable idempotency tokens. Writes report.csv, report.jsonl and summary.md.",
                "On a terminal it shows what it is about to do and asks; --yes skips the question (cron). "
                        + "Without a terminal and without --yes it refuses (exit 64).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row DISASSOCIATED or ALREADY_ABSENT", "1:the run failed or was stopped; resume continues it",
                "2:finished; some rows need attention (see summary.md)", "64:usage error or not confirmed; nothing was done",
                "75:another process holds the job repository, or is running the same targets (shared repository)"})
final class ApplyCommand extends RunCommand {

    @Mixin
    WaitOptions wait;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;

    @Option(names = "--plan", paramLabel = "DIR",
            description = "Apply exactly the WOULD_DISASSOCIATE rows of this reviewed plan report directory (instead of "
                    + "--targets). Refused (exit 64) if plan.csv, plan.jsonl or plan.sha256 changed since the plan was written.")
    java.nio.file.Path plan;

    @Option(names = "--max-plan-age", paramLabel = "DURATION", defaultValue = ApplyPlan.DEFAULT_MAX_AGE,
            description = "With --plan: refuse a plan older than this, e.g. 24h, 90m, 2d (default: ${DEFAULT-VALUE}).")
    String maxPlanAge;

    ApplyCommand(RunStarter starter) {
        super(starter);
    }

    @Override
    public Integer call() throws Exception {
        return metrics.around("apply", starter.out(), () -> {
            if (plan != null) {
                run.targets = ApplyPlan.targetsFor(plan, run.targets, maxPlanAge, starter.clock(), starter.out());
            }
            return starter.start(Mode.APPLY, run, wait, rails, repository, yes, metrics.recorder(starter.out()));
        });
    }
}
