package dev.eksidp.cli;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command lines the tool prints for the operator to paste: absolute launcher path and the run's own job
 * repository (none for the per-user default, which is the same from any directory).
 */
record ResumeHint(String launcher, RepositoryOptions repository) {

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
        b.append(quote(launcher)).append(' ').append(args.stream().map(ResumeHint::quote).collect(Collectors.joining(" ")));
        if (!repository.isDefaultH2() && !args.contains("--job-repository")) {
            // A URL carrying a password is not printed whole; the operator fills it in.
            String url = repository.url().toLowerCase(Locale.ROOT).contains("password")
                    ? RunGuard.redacted(repository.url()) : repository.url();
            b.append(" --job-repository ").append(quote(url));
        }
        return b.toString();
    }

    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
