package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Disassociates each target's identity provider config, with per account/region rate limits, "
                + "retries and stable idempotency tokens. Writes report.csv, report.jsonl and summary.md.",
                "On a terminal it shows what it is about to do and asks; --yes skips the question (cron). "
                        + "Without a terminal and without --yes it refuses (exit 64).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row DISASSOCIATED or ALREADY_ABSENT", ExitCodes.HELP_RUN_RESUMABLE,
                ExitCodes.HELP_RUN_NEEDS_ATTENTION, "64:usage error or not confirmed; nothing was done",
                "75:another apply of the same targets is running (same content and shard); nothing was done",
                ExitCodes.HELP_RUN_CONFIG})
final class ApplyCommand extends RunCommand {

    @Mixin
    WaitOptions wait;

    @Option(names = "--max-targets", paramLabel = "N",
            description = "Blast-radius cap: apply refuses (exit 64, before any AWS call) when more than N rows would be acted on.")
    Long maxTargets;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;

    @Option(names = "--plan", paramLabel = "DIR",
            description = "Apply exactly the WOULD_DISASSOCIATE rows of this reviewed plan report directory (instead of "
                    + "--targets). Refused (exit 64) if plan.csv, plan.jsonl or plan.sha256 changed since the plan was written.")
    java.nio.file.Path plan;

    @Option(names = "--max-plan-age", paramLabel = "DURATION", defaultValue = ApplyPlan.DEFAULT_MAX_AGE,
            description = "With --plan: refuse a plan older than this, e.g. 24h, 90m, 2d (default: ${DEFAULT-VALUE}).")
    String maxPlanAge;

    @Spec
    CommandSpec spec;

    ApplyCommand(RunStarter starter) {
        super(starter);
    }

    @Override
    public Integer call() throws Exception {
        return metrics.around("apply", starter.out(), () -> {
            if (plan != null) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--targets")) {
                    throw new UsageException("--plan and --targets cannot be used together: apply --plan applies the plan's rows");
                }
                if (run.targets != null) {
                    starter.out().println("Note: --plan given, so the job file's targets (" + run.targets + ") are not used.");
                }
                run.targets = ApplyPlan.targetsFor(plan, maxPlanAge, run.force, starter.clock(), starter.out());
            }
            return starter.start(Mode.APPLY, new RunStarter.Request(run, wait, rails, maxTargets, repository, aws, yes, plan),
                    metrics.recorder(starter.out()));
        });
    }
}
