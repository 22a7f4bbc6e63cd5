package dev.eksidp.aws;

/**
 * Builds the role ARN to assume in an account: a row's own role_arn wins, then the template, then the role name.
 * The partition follows the target's region, so one file can span aws, aws-cn and aws-us-gov.
 */
public record RoleArns(String roleName, String template) {

    public static final String DEFAULT_ROLE_NAME = "EksIdpRemediation";

    public String roleArn(String accountId, String region, String rowRoleArn) {
        if (rowRoleArn != null && !rowRoleArn.isBlank()) {
            return rowRoleArn;
        }
        String partition = partition(region);
        if (template != null && !template.isBlank()) {
            return template.replace("{partition}", partition).replace("{account}", accountId);
        }
        return "arn:" + partition + ":iam::" + accountId + ":role/" + (roleName == null ? DEFAULT_ROLE_NAME : roleName);
    }

    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }
}
