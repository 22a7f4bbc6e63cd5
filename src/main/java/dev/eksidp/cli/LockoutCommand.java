package dev.eksidp.cli;

import dev.eksidp.lockout.LockoutPolicy;
import dev.eksidp.output.OwnerOnlyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

@Command(name = "lockout",
        description = {"Writes a service control policy that denies eks:AssociateIdentityProviderConfig for a "
                + "compromised issuer, so nobody (an automation, a team, an administrator) can put it back on a cluster "
                + "after the removal. Makes no AWS call: review the file, then attach it in AWS Organizations.", ""},
        exitCodeList = {"0:the policy was written", "64:usage error (a bad issuer URL, an unwritable file); nothing was written"},
        footer = {"", "Example:",
                // Lines that fit in 80 columns: help is wrapped at spaces, which would split a command in odd places.
                "  eks-idp-remediation lockout --issuer-url https://idp.example.com \\",
                "      --out deny-idp.json",
                "  aws organizations create-policy --type SERVICE_CONTROL_POLICY \\",
                "      --name deny-compromised-idp \\",
                "      --description 'Keep the compromised issuer off EKS' \\",
                "      --content file://deny-idp.json",
                "  # the target: the root, an OU or an account",
                "  aws organizations attach-policy --policy-id p-... --target-id r-..."})
final class LockoutCommand extends Subcommand {

    LockoutCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--issuer-url", required = true, paramLabel = "URL",
            description = "The compromised issuer (as in DescribeIdentityProviderConfig's issuerUrl).")
    String issuerUrl;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "Deny only associations of the issuer with this client id (default: any client id).")
    String clientId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the policy document goes (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws Exception {
        LockoutPolicy policy;
        try {
            policy = new LockoutPolicy(issuerUrl, Optional.ofNullable(clientId));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String document = policy.document();
        Path file = out.toAbsolutePath();
        try {
            OwnerOnlyFiles.writeAtomically(file.getParent(), file.getFileName().toString(), document);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
        env.out().printf("Wrote %s (%d of %d characters a service control policy may have).%n", file, document.length(),
                LockoutPolicy.SCP_MAX_CHARACTERS);
        env.out().printf("It denies %s for issuer %s%s, in every account it is attached to.%n", LockoutPolicy.ACTION,
                policy.issuerUrl(), policy.clientId().map(id -> " with client id " + id).orElse(" (any client id)"));
        env.out().println("Service control policies do not bind the management account: attach the same document there as an "
                + "IAM policy, or add this statement to an existing one:");
        env.out().print(policy.statementJson());
        env.out().println("Then 'verify --issuer-url " + policy.issuerUrl() + "' reports any cluster where the issuer came back.");
        return ExitCodes.OK;
    }
}
