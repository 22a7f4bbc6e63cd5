package dev.eksidp.cli;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command lines the tool prints for the operator to paste: absolute launcher path, the run's own job
 * repository (none for the per-user default, which is the same from any directory), and the --profile and
 * --region this command was given (resume needs the same base credentials; AWS_PROFILE is still set in the shell).
 */
record ResumeHint(String launcher, RepositoryOptions repository, AwsOptions aws) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    String resume(long executionId) {
        return command(List.of("resume", "--execution-id", Long.toString(executionId)));
    }

    /** The same command again, e.g. to start a run that was killed before it began. */
    String again(List<String> args) {
        return command(args);
    }

    private String command(List<String> args) {
        StringBuilder b = new StringBuilder();
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean url = i > 0 && args.get(i - 1).equals("--job-repository");
            shown.add(url ? withoutPassword(arg) : arg.startsWith("--job-repository=")
                    ? "--job-repository=" + withoutPassword(arg.substring("--job-repository=".length())) : arg);
        }
        b.append(quote(launcher)).append(' ').append(shown.stream().map(ResumeHint::quote).collect(Collectors.joining(" ")));
        if (!repository.isDefaultH2() && args.stream().noneMatch(a -> a.equals("--job-repository") || a.startsWith("--job-repository="))) {
            b.append(" --job-repository ").append(quote(withoutPassword(repository.url())));
        }
        appendUnlessGiven(b, args, "--profile", aws.profile);
        appendUnlessGiven(b, args, "--region", aws.region);
        return b.toString();
    }

    private static void appendUnlessGiven(StringBuilder b, List<String> args, String option, String value) {
        if (value != null && args.stream().noneMatch(a -> a.equals(option) || a.startsWith(option + "="))) {
            b.append(' ').append(option).append(' ').append(quote(value));
        }
    }

    /**
     * A URL carrying a password is not printed whole (nor kept: the run's recorded command line is this one); the
     * operator fills it in.
     */
    private static String withoutPassword(String url) {
        return url.toLowerCase(Locale.ROOT).contains("password") ? RunGuard.redacted(url) : url;
    }

    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
