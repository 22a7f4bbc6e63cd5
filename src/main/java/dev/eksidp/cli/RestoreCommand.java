package dev.eksidp.cli;

import dev.eksidp.output.ReportSeal;
import dev.eksidp.restore.RemovedConfig;
import dev.eksidp.restore.RemovedConfigsFile;
import dev.eksidp.restore.RestoreInputs;
import dev.eksidp.restore.RestoreSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "restore",
        description = {"Undoes an apply: associates again, with every field and tag they had, the identity provider "
                + "configs that apply run removed (its removed-configs.json), all or the chosen --rows/--accounts. "
                + "Same role, pacing, retry and --wait options as apply; resumable; writes its own report.",
                "Each row first looks at the cluster: an identical config already there is ALREADY_PRESENT, another "
                        + "OIDC config (a cluster takes one) or one of the same name with other settings is CONFLICT, and "
                        + "nothing is sent for them. A second restore of the same directory changes nothing.",
                "Refused (exit 64) if the report directory's files changed since the apply wrote them (report.sha256).", ""},
        exitCodeList = {"0:every row RESTORED or ALREADY_PRESENT (or --dry-run)", ExitCodes.HELP_RUN_RESUMABLE,
                "2:finished; some rows need attention (CONFLICT, ACCESS_DENIED, FAILED: see summary.md)",
                "64:usage error, not confirmed, nothing to restore, or a changed report directory; nothing was done",
                "75:another restore of the same configs is running; nothing was done",
                ExitCodes.HELP_RUN_CONFIG},
        footer = {"", "Example:",
                "  eks-idp-remediation restore --from reports/20261202T031500Z-4f2a1c-apply --dry-run",
                "  eks-idp-remediation restore --from reports/20261202T031500Z-4f2a1c-apply --accounts 111111111111 --wait"})
final class RestoreCommand extends RunCommand {

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The apply run's report directory.")
    Path from;

    @Option(names = "--rows", paramLabel = "LINES", description = "Only these lines of the apply's report, e.g. 3,7-9.")
    String rows;

    @Option(names = "--accounts", paramLabel = "IDS", description = "Only these accounts, comma-separated.")
    String accounts;

    @Option(names = "--dry-run", description = "Say what would be restored, and change nothing (no AWS call).")
    boolean dryRun;

    @Mixin
    ChangeOptions change;

    @Mixin
    WaitOptions wait;

    RestoreCommand(CliEnvironment env, RunStarter starter) {
        super(env, starter);
    }

    @Override
    public Integer call() throws Exception {
        if (run.targets != null) {
            throw new UsageException("restore takes its targets from --from; --targets cannot be used with it");
        }
        RestoreSelection selection;
        try {
            selection = RestoreSelection.parse(rows, accounts);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        RemovedConfigsFile.Contents removed;
        try {
            removed = RemovedConfigsFile.read(from);
        } catch (ReportSeal.Refused e) {
            throw new UsageException("restore refused: " + e.getMessage());
        }
        List<RemovedConfig> chosen = selection.apply(removed.configs());
        if (chosen.isEmpty()) {
            throw new UsageException(removed.configs().isEmpty() ? "run " + removed.runId() + " removed no config; nothing to restore"
                    : "no removed config of run " + removed.runId() + " matches --rows/--accounts (it removed "
                    + removed.configs().size() + "); nothing to restore");
        }
        if (dryRun) {
            return dryRun(removed, chosen);
        }
        RestoreInputs inputs = new RestoreInputs(from.toAbsolutePath().toString(), removed.runId(), chosen);
        return common.metrics.around("restore", env.out(),
                () -> starter.startRestore(inputs, new RunStarter.Request(run, wait, rails, change.maxTargets, common.repository, common.aws, change.yes, null),
                        common.metrics.recorder(env.out())));
    }

    private int dryRun(RemovedConfigsFile.Contents removed, List<RemovedConfig> chosen) {
        var out = env.out();
        out.printf("Would restore %d of the %d configs run %s removed (nothing was changed):%n", chosen.size(),
                removed.configs().size(), removed.runId());
        for (RemovedConfig c : chosen) {
            out.printf("  line %d  %s  %s  %s  %s  issuer %s  client %s%s%n", c.line(), c.accountId(), c.region(), c.clusterName(),
                    c.name(), c.issuerUrl(), c.clientId(), c.tags().isEmpty() ? "" : "  tags " + c.tags());
        }
        out.println("Each row looks at its cluster first when restored: an identical config already there becomes "
                + "ALREADY_PRESENT, another OIDC config CONFLICT; nothing is sent for those.");
        return ExitCodes.OK;
    }
}
