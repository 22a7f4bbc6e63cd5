package dev.eksidp.cli;

/** The process exit codes, a contract with cron entries, runbooks and schedulers. */
public final class ExitCodes {

    /** Every row DISASSOCIATED or ALREADY_ABSENT (plan: WOULD_DISASSOCIATE or ALREADY_ABSENT). */
    public static final int OK = 0;
    /** The run failed or was stopped; {@code resume} continues it. */
    public static final int RESUMABLE = 1;
    /** The run finished, and some rows need attention (see summary.md). */
    public static final int NEEDS_ATTENTION = 2;
    /** Bad flags, an unreadable or malformed targets file, or apply refused without confirmation. Nothing was done. */
    public static final int USAGE = 64;
    /** Another process holds the job repository (or the same targets); nothing was done, try again later. */
    public static final int BUSY = 75;

    /**
     * The base credentials cannot be used (none found, an unknown profile, refused by STS), found by the pre-flight
     * before any target is touched. Nothing was done (sysexits' EX_CONFIG).
     */
    public static final int CONFIG = 78;

    /** --help's lines for the exit codes the run commands (plan, apply, restore, resume) mean alike. */
    static final String HELP_RUN_RESUMABLE = "1:the run failed or was stopped; resume continues it";
    static final String HELP_RUN_NEEDS_ATTENTION = "2:finished; some rows need attention (see summary.md)";
    static final String HELP_RUN_CONFIG = "78:no usable base credentials (none found, unknown profile, refused by STS); nothing was done";

    /** A bug: the message and stack trace say where. */
    public static final int INTERNAL = 70;

    /** The exit code Main gives a command that ended with this exception. */
    static int of(Throwable e) {
        if (e instanceof UsageException || e instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (e instanceof dev.eksidp.aws.BaseCredentialsException) {
            return CONFIG;
        }
        return e instanceof BusyException ? BUSY : INTERNAL;
    }

    private ExitCodes() {
    }
}
