package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.ConfigStatus;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.Update;
import software.amazon.awssdk.services.eks.model.UpdateStatus;
import software.amazon.awssdk.services.eks.model.UpdateType;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Paging, associate, the fleet's in-flight providers, latency, the stats endpoint, the journal and the standalone entry. */
class SimulatorOperationsTest {
    static final String A = "111111111111";
    static final String R = "us-east-1";

    private Simulator sim;
    private SimClients clients;

    static Fleet fleet() {
        List<Fleet.Cluster> many = new ArrayList<>();
        IntStream.range(0, 7).forEach(i -> many.add(Fleet.Cluster.of(R, "c" + i)));
        // EKS associates one OIDC config per cluster: ListIdentityProviderConfigs never has a second page there.
        many.add(Fleet.Cluster.of(R, "contended", Fleet.IdentityProvider.oidc("p0")));
        many.add(new Fleet.Cluster(R, "creating", "ACTIVE", 0, List.of(
                new Fleet.IdentityProvider("new-idp", "oidc", null, null, "CREATING"))));
        return Fleet.of(List.of(new Fleet.Account(A, null, null, false, many)));
    }

    Simulator start(UnaryOperator<Fleet> tweak) {
        sim = Simulator.start(tweak.apply(fleet()), 0);
        clients = new SimClients(sim);
        return sim;
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) clients.close();
        if (sim != null) sim.close();
    }

    @Test
    void listClustersAndProvidersArePaged() {
        start(f -> f);
        EksClient eks = clients.eksFor(A, R);
        var first = eks.listClusters(r -> r.maxResults(3));
        assertThat(first.clusters()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = eks.listClustersPaginator(r -> r.maxResults(3)).clusters().stream().toList();
        assertThat(all).hasSize(9).contains("c0", "c6", "contended", "creating");
        assertThat(sim.stats().calls("ListClusters", 200)).isEqualTo(4); // one single page + three paginated pages of 3

        var providers = eks.listIdentityProviderConfigs(r -> r.clusterName("contended").maxResults(1));
        assertThat(providers.identityProviderConfigs()).extracting(IdentityProviderConfig::name).containsExactly("p0");
        assertThat(providers.nextToken()).isNull();
        assertThatThrownBy(() -> eks.listClusters(r -> r.nextToken("garbage"))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void associateCreatesThenActivatesAndReplays() throws Exception {
        start(f -> f.withUpdateDurationMs(2000));
        EksClient eks = clients.eksFor(A, R);
        Update u = eks.associateIdentityProviderConfig(r -> r.clusterName("c0").clientRequestToken("a1")
                .oidc(o -> o.identityProviderConfigName("okta").issuerUrl("https://okta.example.com").clientId("k8s"))).update();
        assertThat(u.type()).isEqualTo(UpdateType.ASSOCIATE_IDENTITY_PROVIDER_CONFIG);
        assertThat(u.status()).isEqualTo(UpdateStatus.IN_PROGRESS);
        assertThat(sim.providerStatus(A, R, "c0", "okta")).contains("CREATING");
        assertThat(eks.associateIdentityProviderConfig(r -> r.clusterName("c0").clientRequestToken("a1")
                .oidc(o -> o.identityProviderConfigName("okta").issuerUrl("https://okta.example.com").clientId("k8s"))).update().id())
                .isEqualTo(u.id());
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("c0").clientRequestToken("a2")
                .oidc(o -> o.identityProviderConfigName("okta").issuerUrl("https://okta.example.com").clientId("k8s"))))
                .isInstanceOf(ResourceInUseException.class);
        Awaits.until(() -> sim.providerStatus(A, R, "c0", "okta").equals(java.util.Optional.of("ACTIVE")));
        assertThat(eks.listUpdates(r -> r.name("c0")).updateIds()).containsExactly(u.id());
        assertThat(sim.stats().changes(A, R, "c0", "okta")).isEqualTo(1);
        assertThat(sim.stats().idempotentReplays()).isEqualTo(1);
    }

    @Test
    void associateKeepsEveryFieldAndTagAndACLusterTakesOneOidcConfig() throws Exception {
        start(f -> f.withUpdateDurationMs(1000));
        EksClient eks = clients.eksFor(A, R);
        var u = eks.associateIdentityProviderConfig(r -> r.clusterName("c1").clientRequestToken("full")
                .oidc(o -> o.identityProviderConfigName("corp").issuerUrl("https://corp.example.com/oauth2").clientId("eks-prod")
                        .usernameClaim("preferred_username").usernamePrefix("corp:").groupsClaim("roles").groupsPrefix("corp-group:")
                        .requiredClaims(java.util.Map.of("hd", "example.com", "aud", "eks")))
                .tags(java.util.Map.of("team", "platform", "cost-centre", "42")));
        assertThat(u.tags()).containsEntry("team", "platform").containsEntry("cost-centre", "42");
        assertThat(sim.providerStatus(A, R, "c1", "corp")).contains("CREATING");
        // While the association runs, a second one meets the cluster's update; once it is done, the one-OIDC rule.
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("c1").clientRequestToken("second")
                .oidc(o -> o.identityProviderConfigName("other").issuerUrl("https://other.example.com").clientId("k8s"))))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("currently has update");
        Awaits.until(() -> sim.providerStatus(A, R, "c1", "corp").equals(java.util.Optional.of("ACTIVE")));
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("c1").clientRequestToken("second")
                .oidc(o -> o.identityProviderConfigName("other").issuerUrl("https://other.example.com").clientId("k8s"))))
                .isInstanceOf(software.amazon.awssdk.services.eks.model.InvalidRequestException.class).hasMessageContaining("one");

        var d = eks.describeIdentityProviderConfig(r -> r.clusterName("c1").identityProviderConfig(i -> i.type("oidc").name("corp")))
                .identityProviderConfig().oidc();
        assertThat(d.issuerUrl()).isEqualTo("https://corp.example.com/oauth2");
        assertThat(d.clientId()).isEqualTo("eks-prod");
        assertThat(d.usernameClaim()).isEqualTo("preferred_username");
        assertThat(d.usernamePrefix()).isEqualTo("corp:");
        assertThat(d.groupsClaim()).isEqualTo("roles");
        assertThat(d.groupsPrefix()).isEqualTo("corp-group:");
        assertThat(d.requiredClaims()).isEqualTo(java.util.Map.of("hd", "example.com", "aud", "eks"));
        assertThat(d.tags()).isEqualTo(java.util.Map.of("team", "platform", "cost-centre", "42"));
        assertThat(sim.identityProviders(A, R, "c1")).singleElement().satisfies(p -> {
            assertThat(p.groupsPrefix()).isEqualTo("corp-group:");
            assertThat(p.status()).isEqualTo("ACTIVE");
        });

        // The same token with other tags is another request, not a replay.
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("c1").clientRequestToken("full")
                .oidc(o -> o.identityProviderConfigName("corp").issuerUrl("https://corp.example.com/oauth2").clientId("eks-prod")
                        .usernameClaim("preferred_username").usernamePrefix("corp:").groupsClaim("roles").groupsPrefix("corp-group:")
                        .requiredClaims(java.util.Map.of("aud", "eks", "hd", "example.com")))
                .tags(java.util.Map.of("team", "someone-else"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("already used");
        // The cluster's own IRSA issuer is refused, as on EKS.
        String irsa = eks.describeCluster(r -> r.name("c2")).cluster().identity().oidc().issuer();
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("c2")
                .oidc(o -> o.identityProviderConfigName("self").issuerUrl(irsa).clientId("sts.amazonaws.com"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("cannot be same as OpenID Connect (OIDC) issuer URL");
    }

    @Test
    void aProviderTheFleetShowsCreatingBecomesActiveAfterTheUpdateDuration() throws Exception {
        start(f -> f.withUpdateDurationMs(2000));
        EksClient eks = clients.eksFor(A, R);
        var cfg = eks.describeIdentityProviderConfig(r -> r.clusterName("creating").identityProviderConfig(i -> i.type("oidc").name("new-idp")));
        assertThat(cfg.identityProviderConfig().oidc().status()).isEqualTo(ConfigStatus.CREATING);
        var inUse = catchThrowableOfType(ResourceInUseException.class, () -> eks.disassociateIdentityProviderConfig(r -> r.clusterName("creating")
                .clientRequestToken("t").identityProviderConfig(i -> i.type("oidc").name("new-idp"))));
        assertThat(inUse.getMessage()).contains("currently has update");
        Awaits.until(() -> sim.providerStatus(A, R, "creating", "new-idp").equals(java.util.Optional.of("ACTIVE")));
        assertThat(eks.disassociateIdentityProviderConfig(r -> r.clusterName("creating")
                .clientRequestToken("t2").identityProviderConfig(i -> i.type("oidc").name("new-idp"))).update().status())
                .isEqualTo(UpdateStatus.IN_PROGRESS);
    }

    @Test
    void latencyDelaysServedCallsButNotThrottledOnes() {
        start(f -> f.withLatency(new Fleet.Latency(2000, 2000)).withLimits(new Fleet.Limits(new Fleet.Rate(0.1, 1), null)));
        EksClient eks = clients.eksFor(A, R);
        long t0 = System.nanoTime();
        eks.describeCluster(r -> r.name("c0"));
        long served = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        var throttled = catchThrowableOfType(AwsServiceException.class, () -> eks.describeCluster(r -> r.name("c0")));
        long rejected = (System.nanoTime() - t0) / 1_000_000;
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(served).isGreaterThanOrEqualTo(2000);
        assertThat(rejected).as("a throttled answer skips the 2 s latency").isLessThan(2000);
    }

    @Test
    void concurrentDisassociatesWithDistinctTokensChangeAProviderOnce() throws Exception {
        start(f -> f.withUpdateDurationMs(60_000));
        EksClient eks = clients.eksFor(A, R);
        AtomicInteger ok = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String token = "t" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    eks.disassociateIdentityProviderConfig(r -> r.clusterName("contended").clientRequestToken(token)
                            .identityProviderConfig(c -> c.type("oidc").name("p0")));
                    ok.incrementAndGet();
                } catch (ResourceInUseException expected) {
                    // lost the race
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(ok.get()).isEqualTo(1);
        assertThat(sim.stats().changes(A, R, "contended", "p0")).isEqualTo(1);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig", 409)).isEqualTo(15);
    }

    /** IAM Identity Center's portal, through the SDK's own SSO client: a role session in the hub account for its token. */
    @Test
    void theIdentityCenterPortalGivesHubRoleSessionsForItsTokenOnly() {
        start(f -> f);
        String hub = Fleet.Hub.DEFAULT.accountId();
        try (SsoClient sso = SsoClient.builder().endpointOverride(sim.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(Apache5HttpClient.create()).build()) {
            RoleCredentials c = sso.getRoleCredentials(r -> r.accessToken(Fleet.Hub.DEFAULT.ssoAccessToken())
                    .accountId(hub).roleName("IncidentResponder")).roleCredentials();
            assertThat(c.accessKeyId()).startsWith("ASIA");
            assertThat(c.sessionToken()).isNotBlank();
            assertThat(c.expiration()).isGreaterThan(System.currentTimeMillis());
            assertThat(sim.issuedSecrets()).contains(c.sessionToken());

            assertThatThrownBy(() -> sso.getRoleCredentials(r -> r.accessToken("not-the-token").accountId(hub).roleName("x")))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> sso.getRoleCredentials(r -> r.accessToken(Fleet.Hub.DEFAULT.ssoAccessToken())
                    .accountId(A).roleName("x"))).isInstanceOf(SsoException.class).hasMessageContaining("No access");
            assertThat(sim.stats().calls("GetRoleCredentials", 200)).isEqualTo(1);
        }
    }

    @Test
    void statsEndpointAnswersUnsignedJson() throws Exception {
        start(f -> f);
        clients.eksFor(A, R).describeCluster(r -> r.name("c0"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            var resp = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            JsonNode stats = new ObjectMapper().readTree(resp.body());
            assertThat(stats.at("/calls/DescribeCluster/200").asLong()).isEqualTo(1);
            assertThat(stats.at("/calls/AssumeRole/200").asLong()).isEqualTo(1);
            assertThat(stats.at("/assumeRoleCallsPerAccount/" + A).asLong()).isEqualTo(1);
            assertThat(stats.get("eksCalls").asLong()).isEqualTo(1);
        }
    }

    @Test
    void journalHasOneLinePerRequestAndNoSecrets(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        start(f -> f.withJournal(journal));
        Credentials c = clients.assume(A);
        EksClient eks = clients.eksFor(A, R);
        eks.describeCluster(r -> r.name("c0"));
        assertThatThrownBy(() -> eks.describeCluster(r -> r.name("nope"))).isInstanceOf(AwsServiceException.class);
        sim.close();
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines).hasSize(4);
        JsonNode last = new ObjectMapper().readTree(lines.get(3));
        assertThat(last.get("service").asText()).isEqualTo("eks");
        assertThat(last.get("operation").asText()).isEqualTo("DescribeCluster");
        assertThat(last.get("account").asText()).isEqualTo(A);
        assertThat(last.get("region").asText()).isEqualTo(R);
        assertThat(last.get("status").asInt()).isEqualTo(404);
        assertThat(last.get("errorCode").asText()).isEqualTo("ResourceNotFoundException");
        String text = String.join("\n", lines);
        assertThat(text).doesNotContain(c.secretAccessKey(), c.sessionToken(), Fleet.Hub.DEFAULT.secretAccessKey());
    }

    @Test
    void standaloneEntryPrintsTheEndpointAndStopsWhenInterrupted(@TempDir Path dir) throws Exception {
        Path fleetFile = dir.resolve("fleet.json");
        Files.writeString(fleetFile, FleetLoaderTest.EXAMPLE);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        AtomicInteger rc = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().start(() -> rc.set(SimulatorMain.run(fleetFile, 0, out)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!buf.toString(StandardCharsets.UTF_8).contains("listening") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        String line = buf.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(line).matches("Simulator listening on http://127\\.0\\.0\\.1:\\d+");
        String endpoint = line.substring(line.indexOf("http"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).doesNotContain("simulator-hub-secret");
        t.interrupt();
        t.join(5000);
        assertThat(rc.get()).isZero();
    }
}
