package dev.eksidp.cli;

import dev.eksidp.aws.BaseIdentity;
import dev.eksidp.aws.PreFlight;
import picocli.CommandLine.Option;

/**
 * --profile, --region and --debug, as the AWS CLI has them. The first two set the SDK's own system properties
 * (aws.profile, aws.region) for this process, so every client, credentials provider and region lookup reads them
 * as it would AWS_PROFILE and AWS_REGION; the environment still works when they are not given.
 */
public class AwsOptions {

    @Option(names = "--profile", paramLabel = "NAME",
            description = "AWS profile of the base credentials (default: AWS_PROFILE, else 'default').")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Hub region for STS (default: AWS_REGION or the profile's region, else us-east-1). "
                    + "Each target's EKS calls go to the target's own region.")
    String region;

    @Option(names = "--debug",
            description = "Log each AWS request and response line (method, host, status, request id) to stderr. "
                    + "Headers and bodies, which carry credentials, are never logged.")
    boolean debug;

    /**
     * Makes the options the process's AWS configuration, then checks the base credentials once and says who acts
     * ({@link PreFlight}): without usable credentials a command stops here, in a second, with one line (exit 78),
     * before any other AWS call.
     */
    BaseIdentity preFlight(CliEnvironment env) {
        apply();
        BaseIdentity identity = new PreFlight(env.environment()).check();
        env.out().println(identity.describe());
        return identity;
    }

    private void apply() {
        if (profile != null) {
            System.setProperty("aws.profile", profile);
        }
        if (region != null) {
            System.setProperty("aws.region", region);
        }
        if (debug) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request"))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }
}
