package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The simulator against a client it was not written with: the AWS CLI (botocore) signs and
 * parses independently of the Java SDK, so wire-shape mistakes that the SDK forgives show up here.
 * Skipped when {@code aws} is not installed, except on CI (CI=true) where it must run.
 */
class AwsCliConformanceIT {
    static final String A = "111111111111";
    static final String R = "us-east-1";
    static final String ROOT = "r-sim1";
    static final String OU = "ou-sim1-aaaaaaaa";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Simulator sim;
    private static Path aws;

    record Result(int exit, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + stdout + "\nstderr: " + stderr, e);
            }
        }
    }

    @BeforeAll
    static void start() {
        Optional<Path> found = findOnPath("aws");
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) fail("the AWS CLI ('aws') is not on PATH; the conformance test must run on CI");
            assumeTrue(false, "skipping AWS CLI conformance test: 'aws' is not on PATH");
        }
        aws = found.get();
        sim = Simulator.start(Fleet.of(List.of(
                new Fleet.Account(A, null, null, false, List.of(
                        Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                        Fleet.Cluster.of(R, "prod-b"),
                        Fleet.Cluster.of(R, "prod-c"))),
                new Fleet.Account("444444444444", null, null, true, List.of()),
                new Fleet.Account("555555555555", null, null, false, List.of(), List.of("eu-west-1"), List.of("af-south-1"))))
                .withUpdateDurationMs(60_000)
                .withOrganization(new Fleet.Organization("o-sim1234567", ROOT, Fleet.Hub.DEFAULT.accountId(), null,
                        List.of(new Fleet.Unit(OU, "Workloads", ROOT), new Fleet.Unit(OU + "x", "Prod", OU)),
                        List.of(new Fleet.Member(A, "prod", OU + "x", null), new Fleet.Member("444444444444", "old", ROOT, "SUSPENDED"),
                                new Fleet.Member("555555555555", "sandbox", OU, null)))), 0);
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    @Test
    void cliDrivesTheWholeRemediationFlow() throws Exception {
        Map<String, String> hub = Map.of("AWS_ACCESS_KEY_ID", Fleet.Hub.DEFAULT.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", Fleet.Hub.DEFAULT.secretAccessKey());
        Result assumed = run(hub, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + A + ":role/EksIdpRemediation", "--role-session-name", "cli");
        assertThat(assumed.exit()).as(assumed.stderr()).isZero();
        JsonNode creds = assumed.json().get("Credentials");
        assertThat(creds.get("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(assumed.json().at("/AssumedRoleUser/Arn").asText()).isEqualTo("arn:aws:sts::" + A + ":assumed-role/EksIdpRemediation/cli");
        Map<String, String> temp = Map.of("AWS_ACCESS_KEY_ID", creds.get("AccessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", creds.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", creds.get("SessionToken").asText());

        assertThat(ok(temp, "sts", "get-caller-identity").get("Account").asText()).isEqualTo(A);
        JsonNode cluster = ok(temp, "eks", "describe-cluster", "--name", "prod-a").get("cluster");
        assertThat(cluster.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(cluster.get("arn").asText()).isEqualTo("arn:aws:eks:us-east-1:" + A + ":cluster/prod-a");
        // the CLI paginates by itself: a page size of 1 exercises nextToken round trips
        assertThat(ok(temp, "eks", "list-clusters", "--page-size", "1").get("clusters")).extracting(JsonNode::asText)
                .containsExactly("prod-a", "prod-b", "prod-c");
        assertThat(ok(temp, "eks", "list-identity-provider-configs", "--cluster-name", "prod-a", "--page-size", "1").get("identityProviderConfigs"))
                .extracting(n -> n.get("name").asText()).containsExactly("corp-okta");
        assertThat(ok(temp, "eks", "describe-identity-provider-config", "--cluster-name", "prod-a",
                "--identity-provider-config", "type=oidc,name=corp-okta").at("/identityProviderConfig/oidc/status").asText()).isEqualTo("ACTIVE");

        JsonNode update = ok(temp, "eks", "disassociate-identity-provider-config", "--cluster-name", "prod-a",
                "--identity-provider-config", "type=oidc,name=corp-okta", "--client-request-token", "cli-token-1").get("update");
        assertThat(update.get("status").asText()).isEqualTo("InProgress");
        assertThat(update.get("type").asText()).isEqualTo("DisassociateIdentityProviderConfig");
        String updateId = update.get("id").asText();
        JsonNode replay = ok(temp, "eks", "disassociate-identity-provider-config", "--cluster-name", "prod-a",
                "--identity-provider-config", "type=oidc,name=corp-okta", "--client-request-token", "cli-token-1").get("update");
        assertThat(replay.get("id").asText()).isEqualTo(updateId);
        assertThat(ok(temp, "eks", "describe-update", "--name", "prod-a", "--update-id", updateId).at("/update/status").asText()).isEqualTo("InProgress");
        assertThat(ok(temp, "eks", "list-updates", "--name", "prod-a").get("updateIds")).extracting(JsonNode::asText).containsExactly(updateId);
        JsonNode associated = ok(temp, "eks", "associate-identity-provider-config", "--cluster-name", "prod-b",
                "--oidc", "identityProviderConfigName=new-idp,issuerUrl=https://idp.example.com,clientId=kubernetes", "--client-request-token", "cli-token-2");
        assertThat(associated.at("/update/type").asText()).isEqualTo("AssociateIdentityProviderConfig");
        assertThat(sim.providerStatus(A, R, "prod-b", "new-idp")).contains("CREATING");

        // error cases: exit code and the error code in stderr
        failsWith(run(temp, "eks", "disassociate-identity-provider-config", "--cluster-name", "prod-a",
                "--identity-provider-config", "type=oidc,name=corp-okta", "--client-request-token", "cli-token-3"), "ResourceInUseException");
        failsWith(run(temp, "eks", "describe-cluster", "--name", "nope"), "ResourceNotFoundException");
        failsWith(run(temp, "eks", "describe-identity-provider-config", "--cluster-name", "prod-c",
                "--identity-provider-config", "type=oidc,name=corp-okta"), "ResourceNotFoundException");
        failsWith(run(hub, "sts", "assume-role", "--role-arn", "arn:aws:iam::444444444444:role/EksIdpRemediation", "--role-session-name", "cli"), "AccessDenied");
        failsWith(run(hub, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + A + ":role/EksIdpRemediation", "--role-session-name", "bad name"), "ValidationError");
        // STS deactivated for the account in eu-west-1: botocore reads the simulator's error as it reads AWS's.
        failsWith(run(hub, "--region", "eu-west-1", "sts", "assume-role", "--role-arn", "arn:aws:iam::555555555555:role/EksIdpRemediation",
                "--role-session-name", "cli"), "RegionDisabledException");
        assertThat(ok(hub, "sts", "assume-role", "--role-arn", "arn:aws:iam::555555555555:role/EksIdpRemediation",
                "--role-session-name", "cli").at("/AssumedRoleUser/Arn").asText()).contains("555555555555");
        failsWith(run(Map.of("AWS_ACCESS_KEY_ID", Fleet.Hub.DEFAULT.accessKeyId(), "AWS_SECRET_ACCESS_KEY", "wrong"),
                "sts", "get-caller-identity"), "SignatureDoesNotMatch");
        failsWith(run(Map.of("AWS_ACCESS_KEY_ID", creds.get("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY", "wrong",
                "AWS_SESSION_TOKEN", creds.get("SessionToken").asText()), "eks", "list-clusters"), "InvalidSignatureException");

        // IRSA's exchange, unsigned: botocore sends the token, the simulator answers as STS does.
        String hubRole = "arn:aws:iam::" + Fleet.Hub.DEFAULT.accountId() + ":role/EksIdpRemediationHub";
        assertThat(ok(Map.of(), "sts", "assume-role-with-web-identity", "--role-arn", hubRole, "--role-session-name", "pod",
                "--web-identity-token", Fleet.Hub.DEFAULT.webIdentityToken()).at("/AssumedRoleUser/Arn").asText())
                .isEqualTo("arn:aws:sts::" + Fleet.Hub.DEFAULT.accountId() + ":assumed-role/EksIdpRemediationHub/pod");
        failsWith(run(Map.of(), "sts", "assume-role-with-web-identity", "--role-arn", hubRole, "--role-session-name", "pod",
                "--web-identity-token", "not-the-token"), "InvalidIdentityToken");

        assertThat(sim.stats().idempotentReplays()).isEqualTo(1);
        assertThat(sim.stats().changes(A, R, "prod-a", "corp-okta")).isEqualTo(1);
    }

    /** botocore's own Organizations (JSON 1.1) and Account (rest-json) clients, signing and paging by themselves. */
    @Test
    void cliReadsTheOrganizationAndAnAccountsRegions() throws Exception {
        Map<String, String> hub = Map.of("AWS_ACCESS_KEY_ID", Fleet.Hub.DEFAULT.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", Fleet.Hub.DEFAULT.secretAccessKey());
        assertThat(ok(hub, "organizations", "describe-organization").at("/Organization/MasterAccountId").asText())
                .isEqualTo(Fleet.Hub.DEFAULT.accountId());
        assertThat(ok(hub, "organizations", "list-roots").at("/Roots/0/Id").asText()).isEqualTo(ROOT);
        assertThat(ok(hub, "organizations", "list-accounts", "--page-size", "1").get("Accounts"))
                .extracting(a -> a.get("Id").asText() + "/" + a.get("State").asText())
                .containsExactly(A + "/ACTIVE", "444444444444/SUSPENDED", "555555555555/ACTIVE");
        assertThat(ok(hub, "organizations", "list-children", "--parent-id", OU, "--child-type", "ORGANIZATIONAL_UNIT").get("Children"))
                .extracting(c -> c.get("Id").asText()).containsExactly(OU + "x");
        assertThat(ok(hub, "organizations", "list-accounts-for-parent", "--parent-id", OU + "x").get("Accounts"))
                .extracting(a -> a.get("Id").asText()).containsExactly(A);
        failsWith(run(hub, "organizations", "list-children", "--parent-id", "ou-sim1-nothere", "--child-type", "ACCOUNT"),
                "ParentNotFoundException");

        JsonNode creds = ok(hub, "sts", "assume-role", "--role-arn", "arn:aws:iam::555555555555:role/EksIdpRemediation",
                "--role-session-name", "cli").get("Credentials");
        Map<String, String> temp = Map.of("AWS_ACCESS_KEY_ID", creds.get("AccessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", creds.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", creds.get("SessionToken").asText());
        JsonNode regions = ok(temp, "account", "list-regions", "--region-opt-status-contains", "ENABLED", "ENABLED_BY_DEFAULT",
                "--page-size", "5").get("Regions");
        assertThat(regions).extracting(r -> r.get("RegionName").asText()).contains("us-east-1", "af-south-1")
                .doesNotContain("me-south-1").hasSize(SimRegions.DEFAULT.size() + 1);
        // The account has not enabled me-south-1: its credentials do not exist there, as on AWS.
        failsWith(run(temp, "--region", "me-south-1", "eks", "list-clusters"), "UnrecognizedClientException");
        failsWith(run(temp, "organizations", "list-roots"), "AccessDeniedException");
    }

    private static void failsWith(Result r, String code) {
        assertThat(r.exit()).as(r.stderr()).isNotZero();
        assertThat(r.stderr()).contains("(" + code + ")");
    }

    private static JsonNode ok(Map<String, String> env, String... args) throws Exception {
        Result r = run(env, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
        return r.json();
    }

    private static Result run(Map<String, String> credentials, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(aws.toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(credentials);
        env.put("AWS_ENDPOINT_URL", sim.endpoint().toString());
        env.put("AWS_REGION", R);
        env.put("AWS_DEFAULT_REGION", R); // CLI v1 reads this one
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

}
