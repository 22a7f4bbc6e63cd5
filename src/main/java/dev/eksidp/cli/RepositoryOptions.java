package dev.eksidp.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the job repository lives; shared by every subcommand that reads or writes runs. */
public class RepositoryOptions {

    static final String DEFAULT_H2_FILE = "data/eks-idp-remediation";

    @Option(names = "--job-repository", paramLabel = "JDBC_URL",
            description = "Job repository database (default: an H2 file under data/). For PostgreSQL pass "
                    + "jdbc:postgresql://HOST/DB and set EKSIDP_DB_USERNAME and EKSIDP_DB_PASSWORD in the environment.")
    String jobRepository;

    /** The JDBC URL to use; the default H2 file is created owner-only, next to the working directory. */
    String url() {
        if (jobRepository != null) {
            return jobRepository;
        }
        Path file = Path.of(DEFAULT_H2_FILE).toAbsolutePath();
        // WRITE_DELAY=0: a commit reaches the file at once, so a kill -9 loses no committed outcome.
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
    }

    boolean isDefaultH2() {
        return jobRepository == null;
    }
}
