package dev.eksidp.cli;

import picocli.CommandLine.Command;

@Command(name = "eks-idp-remediation", mixinStandardHelpOptions = true, version = "eks-idp-remediation " + RootCommand.VERSION,
        subcommands = {PlanCommand.class, ApplyCommand.class, RestoreCommand.class, ResumeCommand.class, ExecutionsCommand.class,
                ReportCommand.class, SimulatorCommand.class, DiscoverCommand.class, VerifyCommand.class, LockoutCommand.class,
                PruneCommand.class},
        description = {"Takes identity provider configs off EKS clusters across many AWS accounts: discover targets, "
                + "plan (dry run), apply, verify, restore what an apply removed, lock a compromised issuer out, resume "
                + "after a crash, list runs, report, prune old runs.",
                "",
                "Base credentials and region come from the AWS SDK's default chain (environment, AWS_PROFILE, SSO, "
                        + "instance roles); endpoints from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EKS / AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL_ACCOUNT.",
                ""},
        footer = {"", "Typical use:",
                // Each example and its comment fit one line of the wrapped help (80 columns).
                "  eks-idp-remediation plan  --targets targets.csv",
                "  eks-idp-remediation apply --targets targets.csv       # asks before acting",
                "  eks-idp-remediation apply --targets targets.csv --yes # cron",
                "  eks-idp-remediation resume                            # after a crash or stop",
                "  eks-idp-remediation executions                        # runs, also during one",
                "  eks-idp-remediation discover --accounts a.txt --all-regions --provider-name N",
                "      --out targets.csv                                 # which clusters have it",
                "  eks-idp-remediation verify --report reports/<run>-apply  # is it gone?",
                "  eks-idp-remediation restore --from reports/<run>-apply   # undo (asks first)",
                "  eks-idp-remediation lockout --issuer-url URL --out scp.json  # keep it off",
                "  eks-idp-remediation prune --older-than 90d --yes      # trim the repository",
                "Run 'eks-idp-remediation COMMAND --help' for a command's options and exit codes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:help or version shown", "64:no command, or an unknown one"})
final class RootCommand implements Runnable {

    /** The tool's version, shown by --version and recorded with every run it starts. */
    static final String VERSION = "0.1.0";

    @Override
    public void run() {
        throw new UsageException("missing command: plan, apply, resume, executions, discover, verify, restore, lockout, "
                + "report, prune or simulator (see --help)");
    }
}
