package dev.eksidp.aws;

/**
 * Who acts and where: the base identity's ARN and account as STS answered, the profile and hub region the SDK
 * used, and the endpoint ("AWS", or the override's URL). Shown before a run acts, and kept in its summary.
 */
public record BaseIdentity(String arn, String account, String profile, String region, String endpoint) {

    /** One line for the terminal and the log. */
    public String describe() {
        return "Acting as " + arn + " (account " + account + "), profile " + profile + ", region " + region
                + ", endpoint " + endpoint;
    }
}
