package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


@Command(name = "apply",
        description = {"Disassociates each target's identity provider config, with per account/region rate limits, "
                + "retries and stable idempotency tokens. Writes report.csv, report.jsonl and summary.md.",
                "On a terminal it shows what it is about to do and asks; --yes skips the question (cron). "
                        + "Without a terminal and without --yes it refuses (exit 64).", ""},
        exitCodeList = {"0:every row DISASSOCIATED or ALREADY_ABSENT", ExitCodes.HELP_RUN_RESUMABLE,
                ExitCodes.HELP_RUN_NEEDS_ATTENTION, "64:usage error or not confirmed; nothing was done",
                "75:another apply of the same targets is running (same content and shard); nothing was done",
                ExitCodes.HELP_RUN_CONFIG})
final class ApplyCommand extends RunCommand {

    @Mixin
    WaitOptions wait;

    @Mixin
    ChangeOptions change;

    @Option(names = "--plan", paramLabel = "DIR",
            description = "Apply exactly the WOULD_DISASSOCIATE rows of this reviewed plan report directory (instead of "
                    + "--targets). Refused (exit 64) if plan.csv, plan.jsonl or plan.sha256 changed since the plan was written.")
    java.nio.file.Path plan;

    @Option(names = "--max-plan-age", paramLabel = "DURATION", defaultValue = ApplyPlan.DEFAULT_MAX_AGE,
            description = "With --plan: refuse a plan older than this, e.g. 24h, 90m, 2d (default: ${DEFAULT-VALUE}).")
    String maxPlanAge;

    @Spec
    CommandSpec spec;

    ApplyCommand(CliEnvironment env, RunStarter starter) {
        super(env, starter);
    }

    @Override
    public Integer call() throws Exception {
        return common.metrics.around("apply", env.out(), () -> {
            if (plan != null) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--targets")) {
                    throw new UsageException("--plan and --targets cannot be used together: apply --plan applies the plan's rows");
                }
                if (run.targets != null) {
                    env.out().println("Note: --plan given, so the job file's targets (" + run.targets + ") are not used.");
                }
                run.targets = ApplyPlan.targetsFor(plan, maxPlanAge, run.force, env.clock(), env.out());
            }
            return starter.start(Mode.APPLY, new RunStarter.Request(run, wait, rails, change.maxTargets, common.repository, common.aws, change.yes, plan),
                    common.metrics.recorder(env.out()));
        });
    }
}
