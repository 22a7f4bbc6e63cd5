package dev.eksidp.cli;

import dev.eksidp.aws.RoleArns;
import picocli.CommandLine.Option;

import java.util.regex.Pattern;

/** The role each account is reached through: the options of every command that assumes roles. */
public class RoleOptions {

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@/-]{1,512}");

    @Option(names = "--role-name", paramLabel = "NAME", defaultValue = "EksIdpRemediation",
            description = "Role to assume in each account (default: ${DEFAULT-VALUE}).")
    String roleName;

    @Option(names = "--role-arn-template", paramLabel = "TEMPLATE",
            description = "Role ARN with {partition} and {account} placeholders; overrides --role-name. A targets row's role_arn column overrides both.")
    String roleArnTemplate;

    @Option(names = "--external-id", paramLabel = "ID", description = "External ID the roles require, if any.")
    String externalId;

    /** Checks the options; a bad value is a usage error. */
    RoleArns roleArns() {
        if (!ROLE_NAME.matcher(roleName).matches()) {
            throw new UsageException("--role-name '" + roleName + "' is not a valid IAM role name");
        }
        if (roleArnTemplate != null && !roleArnTemplate.contains("{account}")) {
            throw new UsageException("--role-arn-template must contain {account}");
        }
        return new RoleArns(roleName, roleArnTemplate);
    }
}
