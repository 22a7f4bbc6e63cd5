package dev.eksidp.cli;

import dev.eksidp.job.H2File;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Where the job repository lives; shared by every subcommand that reads or writes runs. */
public class RepositoryOptions {

    static final String DIRECTORY_NAME = "eks-idp-remediation";
    static final String FILE_NAME = "jobs";

    @Option(names = "--job-repository", paramLabel = "JDBC_URL",
            description = "Job repository database (default: one H2 file per user, $XDG_DATA_HOME/eks-idp-remediation/ "
                    + "or ~/.local/share/eks-idp-remediation/, readable by 'executions' while a run goes). For "
                    + "PostgreSQL pass jdbc:postgresql://HOST/DB and set EKSIDP_DB_USERNAME and EKSIDP_DB_PASSWORD.")
    String jobRepository;

    private final Map<String, String> environment;

    public RepositoryOptions() {
        this(System.getenv());
    }

    /** @param environment where XDG_DATA_HOME and HOME are read from */
    RepositoryOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    RepositoryOptions(CliEnvironment env) {
        this(env.environment());
    }

    /** The JDBC URL to use; the default H2 file is the user's, whatever the working directory. */
    String url() {
        if (jobRepository != null) {
            return jobRepository;
        }
        // WRITE_DELAY=0: a commit reaches the file at once, so a kill -9 loses no committed outcome.
        return "jdbc:h2:file:" + defaultFile() + ";WRITE_DELAY=0";
    }

    boolean isDefaultH2() {
        return jobRepository == null;
    }

    /** The default H2 file (without .mv.db): $XDG_DATA_HOME/eks-idp-remediation/jobs, else ~/.local/share/... */
    Path defaultFile() {
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share");
        return base.resolve(DIRECTORY_NAME).resolve(FILE_NAME);
    }

    /**
     * Before any AWS call: the directory of an H2 file repository exists (made owner-only) and can be written.
     * Other databases show they can be written when the run opens them, still before its first AWS call.
     */
    void checkWritable() {
        H2File.of(url()).ifPresent(h2 -> ReportDirectory.requireWritable(h2.base().getParent(),
                "the job repository's directory"));
    }
}
