package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.eksidp.cli.CliTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who acts is found out in seconds, before any target is touched, and the record of a run cannot be overwritten:
 * missing credentials and unknown profiles fail at once, an unwritable report directory before any AWS call, a
 * used report directory and an already applied plan are refused.
 */
class PreFlightAndAuditTrailIT {

    static final String A = "111111111111";
    static final String R = "us-east-1";
    /** The bar includes the child JVM's start. */
    static final long FAIL_FAST_MILLIS = 5_000;

    @TempDir
    Path dir;

    @AutoClose
    Simulator sim;
    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    private Path targets() {
        return CliTestSupport.targets(dir.resolve("targets.csv"),
                List.of(row(A, R, "prod-a", "corp-okta"), row(A, R, "prod-b", "corp-okta")));
    }

    private void startFleet() {
        sim = Simulator.start(Fleet.of(List.of(Fleet.Account.of(A,
                Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                Fleet.Cluster.of(R, "prod-b", Fleet.IdentityProvider.oidc("corp-okta"))))).withUpdateDurationMs(100), 0);
    }

    @Test
    void noCredentialsFailInSecondsWithOneLineAndExit78() throws Exception {
        startFleet();
        ProcessBuilder pb = CliTestSupport.child(Files.createDirectories(dir.resolve("w1")), sim, "plan", "plan",
                "--targets", targets().toString(), "--report-dir", dir.resolve("r1").toString());
        pb.environment().remove("AWS_ACCESS_KEY_ID");
        pb.environment().remove("AWS_SECRET_ACCESS_KEY");
        assertFailsFast(pb, dir.resolve("w1/plan.err"), "error: no AWS credentials found");
    }

    @Test
    void anUnknownProfileFailsInSecondsWithOneLineAndExit78() throws Exception {
        startFleet();
        ProcessBuilder pb = CliTestSupport.child(Files.createDirectories(dir.resolve("w2")), sim, "apply", "apply",
                "--yes", "--targets", targets().toString(), "--report-dir", dir.resolve("r2").toString(),
                "--profile", "no-such-profile");
        assertFailsFast(pb, dir.resolve("w2/apply.err"), "error: AWS profile 'no-such-profile' is not in the AWS config");
    }

    /** discover and verify scan accounts: without usable base credentials they too stop at once, not per account. */
    @Test
    void discoverAndVerifyCheckTheBaseCredentialsFirst() throws Exception {
        startFleet();
        ProcessBuilder discover = CliTestSupport.child(Files.createDirectories(dir.resolve("w3")), sim, "discover",
                "discover", "--account-ids", A, "--regions", R, "--provider-name", "corp-okta",
                "--out", dir.resolve("found.csv").toString(), "--report-dir", dir.resolve("r3").toString());
        discover.environment().remove("AWS_ACCESS_KEY_ID");
        discover.environment().remove("AWS_SECRET_ACCESS_KEY");
        assertFailsFast(discover, dir.resolve("w3/discover.err"), "error: no AWS credentials found");
        ProcessBuilder verify = CliTestSupport.child(Files.createDirectories(dir.resolve("w4")), sim, "verify",
                "verify", "--issuer-url", "https://idp.example.com", "--account-ids", A, "--regions", R,
                "--out", dir.resolve("r4").toString(), "--profile", "no-such-profile");
        assertFailsFast(verify, dir.resolve("w4/verify.err"), "error: AWS profile 'no-such-profile' is not in the AWS config");
        assertThat(dir.resolve("found.csv")).doesNotExist();
    }

    /** A profile's endpoint_url is used by the SDK, and the pre-flight line names it, not "AWS". */
    @Test
    void aProfilesEndpointIsUsedAndShown() throws Exception {
        startFleet();
        Path work = Files.createDirectories(dir.resolve("w5"));
        Path config = Files.writeString(work.resolve("config"), "[profile sim]\nregion = us-east-1\nendpoint_url = "
                + sim.endpoint() + "\n");
        Path credentials = Files.writeString(work.resolve("credentials"), "[sim]\naws_access_key_id = "
                + Fleet.Hub.DEFAULT.accessKeyId() + "\naws_secret_access_key = " + Fleet.Hub.DEFAULT.secretAccessKey() + "\n");
        ProcessBuilder plan = CliTestSupport.child(work, null, "plan", "plan", "--profile", "sim",
                "--targets", targets().toString(), "--report-dir", dir.resolve("r5").toString());
        plan.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        plan.environment().put("AWS_CONFIG_FILE", config.toString());
        plan.environment().put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        Process p = cli.start(plan);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = CliTestSupport.read(work.resolve("plan.out"));
        assertThat(p.exitValue()).as(out + CliTestSupport.read(work.resolve("plan.err"))).isZero();
        assertThat(out).contains("profile sim, region us-east-1, endpoint " + sim.endpoint());
        // Every call went to the profile's endpoint: the plan read both clusters there.
        assertThat(sim.stats().calls("DescribeIdentityProviderConfig")).isPositive();
    }

    /**
     * An IAM Identity Center profile (after 'aws sso login'): the SDK's SSO provider reads the cached token, gets
     * a role session from the portal (the simulator's), and the run acts as that session. Without the SDK's sso
     * modules on the class path this was 'no AWS credentials found', exit 78.
     */
    @Test
    void anIamIdentityCenterProfileIsUsed() throws Exception {
        startFleet();
        Path work = Files.createDirectories(dir.resolve("w6"));
        Path config = Files.writeString(work.resolve("config"), String.join("\n",
                "[profile incident]", "sso_session = corp", "sso_account_id = " + Fleet.Hub.DEFAULT.accountId(),
                "sso_role_name = IncidentResponder", "region = us-east-1", "",
                "[sso-session corp]", "sso_start_url = https://corp.awsapps.example/start", "sso_region = us-east-1",
                "sso_registration_scopes = sso:account:access", ""));
        // The token cache 'aws sso login' writes: ~/.aws/sso/cache/<sha1 of the session name>.json.
        Path cache = Files.createDirectories(work.resolve("home/.aws/sso/cache"));
        String key = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest("corp".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Files.writeString(cache.resolve(key + ".json"), "{\"startUrl\":\"https://corp.awsapps.example/start\","
                + "\"region\":\"us-east-1\",\"accessToken\":\"" + Fleet.Hub.DEFAULT.ssoAccessToken() + "\","
                + "\"expiresAt\":\"" + java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}");
        ProcessBuilder plan = CliTestSupport.child(work, sim, "plan", "plan", "--profile", "incident",
                "--targets", targets().toString(), "--report-dir", dir.resolve("r6").toString());
        // The SDK finds ~ through HOME first, as the AWS CLI does.
        plan.environment().put("HOME", work.resolve("home").toString());
        plan.environment().remove("AWS_ACCESS_KEY_ID");
        plan.environment().remove("AWS_SECRET_ACCESS_KEY");
        plan.environment().put("AWS_CONFIG_FILE", config.toString());
        Process p = cli.start(plan);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = CliTestSupport.read(work.resolve("plan.out"));
        assertThat(p.exitValue()).as(out + CliTestSupport.read(work.resolve("plan.err"))).isZero();
        assertThat(out).containsPattern("Acting as arn:aws:sts::" + Fleet.Hub.DEFAULT.accountId()
                + ":assumed-role/AWSReservedSSO_IncidentResponder_[0-9a-f]+/simulator-sso-user .*profile incident");
        // The pre-flight's credentials chain and the run's each ask the portal once.
        assertThat(sim.stats().calls("GetRoleCredentials")).isBetween(1L, 2L);
        assertThat(sim.stats().calls("AssumeRole")).isPositive();

        // The session ran out: one line that says which login to redo.
        Files.writeString(cache.resolve(key + ".json"), "{\"startUrl\":\"https://corp.awsapps.example/start\","
                + "\"region\":\"us-east-1\",\"accessToken\":\"" + Fleet.Hub.DEFAULT.ssoAccessToken() + "\","
                + "\"expiresAt\":\"2026-01-01T00:00:00Z\"}");
        ProcessBuilder expired = CliTestSupport.child(work, sim, "expired", "plan", "--profile", "incident",
                "--targets", targets().toString(), "--report-dir", dir.resolve("r7").toString());
        expired.environment().putAll(Map.of("HOME", work.resolve("home").toString(), "AWS_CONFIG_FILE", config.toString()));
        expired.environment().remove("AWS_ACCESS_KEY_ID");
        expired.environment().remove("AWS_SECRET_ACCESS_KEY");
        long assumed = sim.stats().calls("AssumeRole");
        Process again = cli.start(expired);
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = CliTestSupport.read(work.resolve("expired.err"));
        assertThat(again.exitValue()).as(stderr).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr.lines()).as(stderr).containsExactly("error: the IAM Identity Center (SSO) session of profile "
                + "'incident' has expired or was never started; run 'aws sso login --profile incident'; nothing was done");
        assertThat(sim.stats().calls("AssumeRole")).isEqualTo(assumed);
    }

    /**
     * IRSA, as the Kubernetes CronJob gets its hub identity (jobs/kubernetes-cronjob.yaml): the SDK exchanges the
     * service account token from AWS_WEB_IDENTITY_TOKEN_FILE for AWS_ROLE_ARN, and the run acts as that role.
     */
    @Test
    void aWebIdentityTokenAsInAKubernetesPodIsUsed() throws Exception {
        startFleet();
        Path work = Files.createDirectories(dir.resolve("w8"));
        Path token = Files.writeString(work.resolve("token"), Fleet.Hub.DEFAULT.webIdentityToken());
        ProcessBuilder plan = CliTestSupport.child(work, sim, "plan", "plan", "--targets", targets().toString(),
                "--report-dir", dir.resolve("r8").toString());
        plan.environment().remove("AWS_ACCESS_KEY_ID");
        plan.environment().remove("AWS_SECRET_ACCESS_KEY");
        plan.environment().putAll(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
                "AWS_ROLE_ARN", "arn:aws:iam::" + Fleet.Hub.DEFAULT.accountId() + ":role/EksIdpRemediationHub"));
        Process p = cli.start(plan);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = CliTestSupport.read(work.resolve("plan.out"));
        assertThat(p.exitValue()).as(out + CliTestSupport.read(work.resolve("plan.err"))).isZero();
        assertThat(out).contains("Acting as arn:aws:sts::" + Fleet.Hub.DEFAULT.accountId() + ":assumed-role/EksIdpRemediationHub/");
        assertThat(sim.stats().calls("AssumeRoleWithWebIdentity", 200)).isPositive();
        assertThat(sim.stats().calls("AssumeRole", 200)).isPositive();
    }

    private void assertFailsFast(ProcessBuilder pb, Path err, String message) throws Exception {
        long started = System.nanoTime();
        Process p = cli.start(pb);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String stderr = CliTestSupport.read(err);
        assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.CONFIG);
        assertThat(tookMillis).as(stderr).isLessThan(FAIL_FAST_MILLIS);
        assertThat(stderr.lines()).as(stderr).hasSize(1);
        assertThat(stderr).startsWith(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(sim.stats().eksCalls()).isZero();
        assertThat(sim.stats().calls("AssumeRole")).isZero();
    }

    @Test
    void theIdentityIsShownAndKeptInTheSummary() throws Exception {
        startFleet();
        Path reports = dir.resolve("plan");
        var r = CliTestSupport.run(sim, "plan", "--targets", targets().toString(), "--report-dir", reports.toString(),
                "--job-repository", CliTestSupport.repository(dir));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Acting as arn:aws:").contains("profile default, region us-east-1, endpoint "
                + sim.endpoint());
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reports.resolve("summary.json").toFile());
        assertThat(summary.get("identity").get("endpoint").asText()).isEqualTo(sim.endpoint().toString());
        assertThat(summary.get("identity").get("arn").asText()).startsWith("arn:aws:");
        assertThat(reports.resolve("summary.md")).content().contains("- Acting as: arn:aws:");
    }

    @Test
    void anUnwritableReportDirectoryOrRepositoryIsFoundBeforeAnyAwsCall() throws Exception {
        startFleet();
        // Root writes anywhere: a directory under a regular file is what nobody can create.
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        var r = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets().toString(), "--report-dir",
                file.resolve("reports").toString(), "--job-repository", CliTestSupport.repository(dir));
        ExitCodesTest.assertUsageError(r, "apply", "cannot write to --report-dir");
        var repo = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets().toString(), "--report-dir",
                dir.resolve("ok").toString(), "--job-repository", "jdbc:h2:file:" + file.resolve("db"));
        ExitCodesTest.assertUsageError(repo, "apply", "cannot write to the job repository's directory");
        assertThat(sim.stats().eksCalls() + sim.stats().stsCalls()).isZero();
    }

    @Test
    void aUsedReportDirectoryAndAnAppliedPlanAreRefused() throws Exception {
        startFleet();
        String repo = CliTestSupport.repository(dir);
        Path plan = dir.resolve("plan");
        assertThat(CliTestSupport.run(sim, "plan", "--targets", targets().toString(), "--report-dir", plan.toString(),
                "--job-repository", repo).exit()).isZero();

        var again = CliTestSupport.run(sim, "plan", "--targets", targets().toString(), "--report-dir", plan.toString(),
                "--job-repository", repo);
        ExitCodesTest.assertUsageError(again, "plan", "already holds a report");

        // The job file's targets give way to the reviewed plan's rows.
        Path job = Files.writeString(dir.resolve("job.yml"), "targets: " + targets() + "\njob-repository: \"" + repo + "\"\n");
        Path applied = dir.resolve("apply");
        var apply = CliTestSupport.run(sim, "apply", "--yes", "--job", job.toString(), "--plan", plan.toString(),
                "--report-dir", applied.toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("--plan given, so the job file's targets");
        String firstReport = Files.readString(applied.resolve("report.csv"));
        assertThat(firstReport).contains("DISASSOCIATED");
        assertThat(plan.resolve("plan.applied")).content().contains("applied_by_run=");

        long changes = sim.stats().calls("DisassociateIdentityProviderConfig");
        var twice = CliTestSupport.run(sim, "apply", "--yes", "--plan", plan.toString(), "--report-dir",
                dir.resolve("apply-2").toString(), "--job-repository", repo);
        ExitCodesTest.assertUsageError(twice, "apply", "was already applied");
        var overwrite = CliTestSupport.run(sim, "apply", "--yes", "--targets", targets().toString(), "--report-dir",
                applied.toString(), "--job-repository", repo);
        ExitCodesTest.assertUsageError(overwrite, "apply", "already holds a report");
        assertThat(applied.resolve("report.csv")).content().isEqualTo(firstReport);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig")).isEqualTo(changes);

        var forced = CliTestSupport.run(sim, "apply", "--yes", "--force", "--targets", targets().toString(),
                "--report-dir", applied.toString(), "--job-repository", repo);
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(applied.resolve("report.csv")).content().contains("ALREADY_ABSENT");
    }

    @Test
    void mistypedCommandsAndOptionsGetADidYouMeanAndEveryHelpListsItsExitCodes() {
        assertThat(CliTestSupport.run(null, "pln").err()).contains("did you mean plan");
        assertThat(CliTestSupport.run(null, "plan", "--target", "t.csv").err()).contains("did you mean --targets");
        var dryRun = CliTestSupport.run(null, "apply", "--dry-run", "--targets", "t.csv");
        ExitCodesTest.assertUsageError(dryRun, "apply", "'plan' is the dry run");
        for (String command : List.of("plan", "apply", "resume", "executions", "discover", "verify", "report", "prune",
                "simulator")) {
            var help = CliTestSupport.run(null, command, "--help");
            assertThat(help.out()).as(command).contains("Exit codes:");
        }
        assertThat(CliTestSupport.run(null, "--help").out()).contains("discover").contains("verify");
        assertThat(CliTestSupport.run(null, "plan", "--help").out()).doesNotContain("--max-targets");
    }
}
