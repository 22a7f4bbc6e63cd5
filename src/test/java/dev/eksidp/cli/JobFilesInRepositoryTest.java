package dev.eksidp.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The reviewed job files under jobs/ parse against the commands they are meant for (no unknown key, right types). */
class JobFilesInRepositoryTest {

    @Test
    void nightlyJobFileIsAValidApplyJob() {
        CliTestSupport.Result help = CliTestSupport.inProcess("apply", "--job", "jobs/nightly-idp-hygiene.yml", "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        // The file's header says to check it with plan first, and to resume with it: both take it.
        CliTestSupport.Result plan = CliTestSupport.inProcess("plan", "--job", "jobs/nightly-idp-hygiene.yml", "--help");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("Note: plan ignores the job file's wait, wait-timeout (apply only).");
        CliTestSupport.Result resume = CliTestSupport.inProcess("resume", "--job", "jobs/nightly-idp-hygiene.yml", "--help");
        assertThat(resume.exit()).as(resume.toString()).isZero();
    }

    @Test
    void incidentTemplateServesPlanAndApply() {
        for (String command : new String[] {"plan", "apply", "resume"}) {
            CliTestSupport.Result help = CliTestSupport.inProcess(command, "--job", "jobs/incident-template.yml", "--help");
            assertThat(help.exit()).as(help.toString()).isZero();
        }
    }

    @Test
    void kubernetesManifestRunsTheNightlyJobShardedWithIrsaAndTheSecret() throws Exception {
        String manifest = Files.readString(Path.of("jobs/kubernetes-cronjob.yaml"));
        assertThat(manifest).contains("concurrencyPolicy: Forbid", "eks.amazonaws.com/role-arn",
                "serviceAccountName: eks-idp-remediation", "EKSIDP_DB_USERNAME", "EKSIDP_DB_PASSWORD", "secretKeyRef",
                "completionMode: Indexed", "--shard-count", "jdbc:postgresql://");
    }
}
