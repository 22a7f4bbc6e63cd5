package dev.eksidp.cli;

import dev.eksidp.remediation.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Disassociates each target's identity provider config, with per account/region rate limits, "
                + "retries and stable idempotency tokens. Writes report.csv, report.jsonl and summary.md.",
                "On a terminal it shows what it is about to do and asks; --yes skips the question (cron). "
                        + "Without a terminal and without --yes it refuses (exit 64).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row DISASSOCIATED or ALREADY_ABSENT", "1:the run failed or was stopped; resume continues it",
                "2:finished; some rows need attention (see summary.md)", "64:usage error or not confirmed; nothing was done",
                "75:another apply of the same targets is running (same content and shard); nothing was done",
                "78:no usable base credentials (none found, unknown profile, refused by STS); nothing was done"})
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Mixin
    WaitOptions wait;

    @Mixin
    ApplyRailOptions rails;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    AwsOptions aws;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;

    @Option(names = "--plan", paramLabel = "DIR",
            description = "Apply exactly the WOULD_DISASSOCIATE rows of this reviewed plan report directory (instead of "
                    + "--targets). Refused (exit 64) if plan.csv, plan.jsonl or plan.sha256 changed since the plan was written.")
    java.nio.file.Path plan;

    @Option(names = "--max-plan-age", paramLabel = "DURATION", defaultValue = ApplyPlan.DEFAULT_MAX_AGE,
            description = "With --plan: refuse a plan older than this, e.g. 24h, 90m, 2d (default: ${DEFAULT-VALUE}).")
    String maxPlanAge;

    private final RunStarter starter;

    ApplyCommand(RunStarter starter) {
        this.starter = starter;
    }

    @Spec
    CommandSpec spec;

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
                run.targets = ApplyPlan.targetsFor(plan, maxPlanAge, run.force, java.time.Clock.systemUTC(), starter.out());
            }
            return starter.start(Mode.APPLY, new RunStarter.Request(run, wait, rails, repository, aws, yes, plan),
                    metrics.recorder(starter.out()));
        });
    }
}
