package dev.eksidp.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command lines printed for the operator, and kept with the run's intent (its summary shows it): no password. */
class ResumeHintTest {

    @Test
    void aJobRepositoryPasswordIsLeftOutOfTheCommandLineKeptAndShown() {
        ResumeHint hint = new ResumeHint("eks-idp-remediation", new RepositoryOptions(Map.of()));
        String url = "jdbc:postgresql://db/eir?user=eir&password=s3cret";

        assertThat(hint.again(List.of("apply", "--targets", "t.csv", "--job-repository", url)))
                .isEqualTo("eks-idp-remediation apply --targets t.csv --job-repository 'jdbc:postgresql://db/eir?…'");
        assertThat(hint.again(List.of("apply", "--job-repository=" + url))).doesNotContain("s3cret")
                .contains("--job-repository=jdbc:postgresql://db/eir?");
        assertThat(hint.again(List.of("plan", "--job-repository", "jdbc:h2:file:/tmp/jobs")))
                .isEqualTo("eks-idp-remediation plan --job-repository jdbc:h2:file:/tmp/jobs");
    }
}
