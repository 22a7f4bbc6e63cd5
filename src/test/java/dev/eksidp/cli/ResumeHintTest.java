package dev.eksidp.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command lines printed for the operator, and kept with the run's intent (its summary shows it): no password. */
class ResumeHintTest {

    @Test
    void aJobRepositoryPasswordIsLeftOutOfTheCommandLineKeptAndShown() {
        ResumeHint hint = new ResumeHint("eks-idp-remediation", new RepositoryOptions(Map.of()), new AwsOptions());
        String url = "jdbc:postgresql://db/eir?user=eir&password=s3cret";

        assertThat(hint.again(List.of("apply", "--targets", "t.csv", "--job-repository", url)))
                .isEqualTo("eks-idp-remediation apply --targets t.csv --job-repository 'jdbc:postgresql://db/eir?…'");
        assertThat(hint.again(List.of("apply", "--job-repository=" + url))).doesNotContain("s3cret")
                .contains("--job-repository=jdbc:postgresql://db/eir?");
        assertThat(hint.again(List.of("plan", "--job-repository", "jdbc:h2:file:/tmp/jobs")))
                .isEqualTo("eks-idp-remediation plan --job-repository jdbc:h2:file:/tmp/jobs");
    }

    /** The base credentials' profile and hub region given on the command line come along: resume needs them. */
    @Test
    void theProfileAndRegionGivenComeAlong() {
        AwsOptions aws = new AwsOptions();
        aws.profile = "sec ops";
        aws.region = "eu-west-1";
        ResumeHint hint = new ResumeHint("eks-idp-remediation", new RepositoryOptions(Map.of()), aws);

        assertThat(hint.resume(5)).isEqualTo("eks-idp-remediation resume --execution-id 5 --profile 'sec ops' --region eu-west-1");
        assertThat(hint.again(List.of("apply", "--profile", "sec ops", "--targets", "t.csv")))
                .isEqualTo("eks-idp-remediation apply --profile 'sec ops' --targets t.csv --region eu-west-1");
    }
}
