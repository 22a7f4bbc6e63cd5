package dev.eksidp.targets;

import dev.eksidp.aws.AccountId;
import dev.eksidp.aws.RoleArns;
import software.amazon.awssdk.regions.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Syntax checks for one target, done before any AWS call so that a typo costs nothing and is reported against
 * its line. Each check returns null when the value is fine, otherwise a reason that names the column and quotes
 * at most {@value #MAX_ECHO} characters of the bad value (the reason lands in reports and logs, so a huge or
 * hostile cell must not be copied there whole).
 */
public final class TargetValidator {

    static final int MAX_ECHO = 80;
    static final int MAX_NAME_LENGTH = 100;
    // IAM's own limit for a role ARN.
    static final int MAX_ROLE_ARN_LENGTH = 2048;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    // With --allow-unknown-regions: a well-formed region name newer than the SDK on this machine.
    private static final Pattern REGION = Pattern.compile(
            "(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eusc)"
                    + "-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[0-9]{1,2}");
    // EKS model: ClusterName pattern and 1..100 length.
    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9\\-_]*");
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::([^:]*):role/([\\w+=,.@/-]*)");
    // Global pseudo-regions (aws-global, ...) are signing endpoints, not places where a cluster can live.
    private static final Set<String> SDK_REGIONS = Region.regions().stream()
            .filter(r -> !r.isGlobalRegion())
            .map(Region::id)
            .collect(Collectors.toUnmodifiableSet());

    private TargetValidator() {
    }

    /**
     * All problems of a target, joined with "; ", or null when the target is valid. roleArn may be null.
     *
     * @param allowUnknownRegions accept a well-formed region the SDK's metadata does not know (newer than the SDK)
     */
    public static String problem(String accountId, String region, String clusterName, String providerType,
                                 String providerName, String roleArn, boolean allowUnknownRegions) {
        List<String> problems = new ArrayList<>();
        addIfPresent(problems, accountId(accountId));
        addIfPresent(problems, region(region, allowUnknownRegions));
        addIfPresent(problems, clusterName(clusterName));
        addIfPresent(problems, providerType(providerType));
        addIfPresent(problems, providerName(providerName));
        addIfPresent(problems, roleArn(roleArn, accountId, region));
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** Re-checks a row's values, ignoring the row's own {@code problem}. */
    public static String problem(TargetRow row) {
        return problem(row.accountId(), row.region(), row.clusterName(), row.providerType(), row.providerName(),
                row.roleArn(), false);
    }

    public static String accountId(String value) {
        if (isBlank(value)) {
            return missing("account_id");
        }
        if (AccountId.isValid(value)) {
            return null;
        }
        if (DIGITS.matcher(value).matches() && value.length() < 12) {
            // The usual cause is a spreadsheet that stored the id as a number.
            return "account_id " + quote(value) + " is not 12 digits (leading zeros lost?)";
        }
        return "account_id " + quote(value) + " is not 12 digits";
    }

    /**
     * A region the SDK's partition metadata knows: a made-up one (eu-west-9, eu-east-1) would otherwise be sent and
     * fail as a signature or DNS error, reported as ACCESS_DENIED or FAILED instead of as the row's mistake.
     */
    public static String region(String value) {
        return region(value, false);
    }

    public static String region(String value, boolean allowUnknown) {
        if (isBlank(value)) {
            return missing("region");
        }
        if (SDK_REGIONS.contains(value) || allowUnknown && REGION.matcher(value).matches()) {
            return null;
        }
        return "unknown region " + quote(value) + (REGION.matcher(value).matches()
                ? ": the AWS SDK's region metadata does not know it (--allow-unknown-regions accepts a region newer than the SDK)"
                : ": not an AWS region name");
    }

    public static String clusterName(String value) {
        if (isBlank(value)) {
            return missing("cluster_name");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            return "cluster_name " + quote(value) + " is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (!CLUSTER_NAME.matcher(value).matches()) {
            return "cluster_name " + quote(value)
                    + " must start with a letter or digit and contain only letters, digits, '-' and '_'";
        }
        return null;
    }

    public static String providerType(String value) {
        if (isBlank(value)) {
            return missing("provider_type");
        }
        return "oidc".equals(value) ? null
                : "provider_type " + quote(value) + " is not 'oidc' (the only type EKS supports)";
    }

    public static String providerName(String value) {
        if (isBlank(value)) {
            return missing("provider_name");
        }
        if (value.codePointCount(0, value.length()) > MAX_NAME_LENGTH) {
            return "provider_name " + quote(value) + " is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (value.codePoints().anyMatch(TargetValidator::isControl)) {
            return "provider_name " + quote(value) + " contains control characters";
        }
        return null;
    }

    /**
     * Null or blank means "no role_arn given". accountId and region are the row's, used to catch an ARN that
     * could never work for this row; either may be invalid itself (then that check is skipped).
     */
    public static String roleArn(String value, String accountId, String region) {
        if (isBlank(value)) {
            return null;
        }
        Matcher m = ROLE_ARN.matcher(value);
        if (value.length() > MAX_ROLE_ARN_LENGTH || !m.matches() || !AccountId.isValid(m.group(2))
                || !validRolePath(m.group(3))) {
            return "role_arn " + quote(value) + " is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)";
        }
        String arnAccount = m.group(2);
        if (accountId != null && AccountId.isValid(accountId) && !arnAccount.equals(accountId)) {
            return "role_arn account " + arnAccount + " does not match account_id " + accountId;
        }
        String expectedPartition = partitionOf(region);
        if (expectedPartition != null && !expectedPartition.equals(m.group(1))) {
            return "role_arn partition " + m.group(1) + " does not match region " + quote(region)
                    + " (expected " + expectedPartition + ")";
        }
        return null;
    }

    /** Shortens and de-controls a value for quoting in a one-line message. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_ECHO) + 2).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (shown == MAX_ECHO - 1 && i < value.length()) {
                sb.append('…');
                break;
            }
            // Control characters would break the one-line message (and the line-oriented logs).
            sb.append(isControl(cp) ? "\\u%04x".formatted(cp) : Character.toString(cp));
            shown++;
        }
        return sb.append('\'').toString();
    }

    private static boolean validRolePath(String pathAndName) {
        // A path is /-delimited and the name (the last segment) is 1..64 characters.
        if (pathAndName.isEmpty() || pathAndName.endsWith("/") || pathAndName.contains("//")) {
            return false;
        }
        String name = pathAndName.substring(pathAndName.lastIndexOf('/') + 1);
        return name.length() <= 64;
    }

    private static String partitionOf(String region) {
        if (region == null || !(REGION.matcher(region).matches() || SDK_REGIONS.contains(region))) {
            return null;
        }
        if (region.startsWith("us-iso") || region.startsWith("eusc-")) {
            return null; // partitions this tool's ARN pattern does not cover; EKS will say if it is wrong
        }
        return RoleArns.partition(region);
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String missing(String column) {
        return "missing value for " + column;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void addIfPresent(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
