package dev.eksidp.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.ConfigStatus;
import software.amazon.awssdk.services.eks.model.DisassociateIdentityProviderConfigRequest;
import software.amazon.awssdk.services.eks.model.IdentityProviderConfig;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.InvalidRequestException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.ServerException;
import software.amazon.awssdk.services.eks.model.Update;
import software.amazon.awssdk.services.eks.model.UpdateParamType;
import software.amazon.awssdk.services.eks.model.UpdateStatus;
import software.amazon.awssdk.services.eks.model.UpdateType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Pins the simulator's semantics through the real AWS SDK v2 clients. */
class SimulatorSdkTest {
    static final String A = "111111111111";
    static final String B = "222222222222";
    static final String R = "us-east-1";

    private Simulator sim;
    private SimClients clients;

    static Fleet fleet() {
        return Fleet.of(List.of(
                new Fleet.Account(A, null, null, false, List.of(
                        Fleet.Cluster.of(R, "prod-a", Fleet.IdentityProvider.oidc("corp-okta")),
                        new Fleet.Cluster(R, "upgrading", "UPDATING", 0, List.of(Fleet.IdentityProvider.oidc("corp-okta"))),
                        new Fleet.Cluster(R, "busy", "ACTIVE", 1, List.of(Fleet.IdentityProvider.oidc("corp-okta"))),
                        Fleet.Cluster.of("eu-west-1", "prod-eu", Fleet.IdentityProvider.oidc("corp-okta")))),
                new Fleet.Account(B, null, "ext-123", false, List.of(Fleet.Cluster.of(R, "prod-b", Fleet.IdentityProvider.oidc("corp-okta")))),
                new Fleet.Account("333333333333", null, null, true, List.of())));
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

    static DisassociateIdentityProviderConfigRequest disassociate(String cluster, String provider, String token) {
        return DisassociateIdentityProviderConfigRequest.builder().clusterName(cluster)
                .identityProviderConfig(IdentityProviderConfig.builder().type("oidc").name(provider).build())
                .clientRequestToken(token).build();
    }

    @Test
    void assumeRoleThenDescribeClusterAndCallerIdentity() {
        start(f -> f);
        Credentials c = clients.assume(A);
        assertThat(c.accessKeyId()).startsWith("ASIA");
        assertThat(c.expiration()).isAfter(Instant.now().plusSeconds(3000));
        StsClient temp = clients.sts(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        var id = temp.getCallerIdentity();
        assertThat(id.account()).isEqualTo(A);
        assertThat(id.arn()).isEqualTo("arn:aws:sts::" + A + ":assumed-role/EksIdpRemediation/test");
        assertThat(clients.hubSts().getCallerIdentity().account()).isEqualTo("000000000000");

        EksClient eks = clients.eks(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()), R);
        var cluster = eks.describeCluster(r -> r.name("prod-a")).cluster();
        assertThat(cluster.name()).isEqualTo("prod-a");
        assertThat(cluster.status()).isEqualTo(ClusterStatus.ACTIVE);
        assertThat(cluster.arn()).isEqualTo("arn:aws:eks:us-east-1:" + A + ":cluster/prod-a");
        assertThat(cluster.createdAt()).isBefore(Instant.now());
        var cfg = eks.describeIdentityProviderConfig(r -> r.clusterName("prod-a")
                .identityProviderConfig(i -> i.type("oidc").name("corp-okta"))).identityProviderConfig().oidc();
        assertThat(cfg.status()).isEqualTo(ConfigStatus.ACTIVE);
        assertThat(cfg.clusterName()).isEqualTo("prod-a");
        assertThat(sim.stats().calls("DescribeCluster", 200)).isEqualTo(1);
        assertThat(sim.stats().assumeRoleCallsPerAccount()).containsEntry(A, 1L);
        assertThat(sim.stats().eksCalls()).isEqualTo(2);
    }

    @Test
    void disassociateLifecycleInProgressThenSuccessfulThenGone() throws Exception {
        start(f -> f.withUpdateDurationMs(2000));
        EksClient eks = clients.eksFor(A, R);
        Update u = eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-1")).update();
        assertThat(u.status()).isEqualTo(UpdateStatus.IN_PROGRESS);
        assertThat(u.type()).isEqualTo(UpdateType.DISASSOCIATE_IDENTITY_PROVIDER_CONFIG);
        assertThat(u.params()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(UpdateParamType.IDENTITY_PROVIDER_CONFIG);
            assertThat(p.value()).isEqualTo("[]");
        });
        assertThat(u.errors()).isEmpty();
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("DELETING");
        assertThat(eks.describeIdentityProviderConfig(r -> r.clusterName("prod-a").identityProviderConfig(i -> i.type("oidc").name("corp-okta")))
                .identityProviderConfig().oidc().status()).isEqualTo(ConfigStatus.DELETING);
        assertThat(eks.describeUpdate(r -> r.name("prod-a").updateId(u.id())).update().status()).isEqualTo(UpdateStatus.IN_PROGRESS);

        // polled rather than slept: on a loaded machine a fixed sleep is either too short or wasteful
        Awaits.until(() -> eks.describeUpdate(r -> r.name("prod-a").updateId(u.id())).update().status() == UpdateStatus.SUCCESSFUL);
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).isEmpty();
        var notFound = catchThrowableOfType(ResourceNotFoundException.class, () -> eks.describeIdentityProviderConfig(
                r -> r.clusterName("prod-a").identityProviderConfig(i -> i.type("oidc").name("corp-okta"))));
        assertThat(notFound.getMessage()).contains("No config found for cluster: prod-a, config type: oidc, config name: corp-okta");
        var again = catchThrowableOfType(ResourceNotFoundException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-2")));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(eks.listUpdates(r -> r.name("prod-a")).updateIds()).containsExactly(u.id());
        assertThat(sim.stats().changes(A, R, "prod-a", "corp-okta")).isEqualTo(1);
    }

    @Test
    void sameTokenIsAnIdempotentReplayEvenAfterCompletion() throws Exception {
        start(f -> f.withUpdateDurationMs(300));
        EksClient eks = clients.eksFor(A, R);
        Update first = eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-1")).update();
        Update replay = eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-1")).update();
        assertThat(replay.id()).isEqualTo(first.id());
        Thread.sleep(400);
        Update late = eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-1")).update();
        assertThat(late.id()).isEqualTo(first.id());
        assertThat(late.status()).isEqualTo(UpdateStatus.SUCCESSFUL);
        assertThat(sim.stats().idempotentReplays()).isEqualTo(2);
        assertThat(sim.stats().changes(A, R, "prod-a", "corp-okta")).isEqualTo(1);
        assertThat(sim.stats().maxChangesPerProvider()).isEqualTo(1);

        var misuse = catchThrowableOfType(InvalidParameterException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "other", "tok-1")));
        assertThat(misuse.statusCode()).isEqualTo(400);
    }

    @Test
    void anotherTokenWhileDeletingIsResourceInUse() {
        start(f -> f.withUpdateDurationMs(60_000));
        EksClient eks = clients.eksFor(A, R);
        Update u = eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-1")).update();
        var inUse = catchThrowableOfType(ResourceInUseException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "tok-2")));
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(inUse.getMessage()).contains("Cannot DisassociateIdentityProviderConfig because cluster prod-a currently has update " + u.id() + " in progress");
        // one update per cluster: another change of the same cluster waits too
        assertThatThrownBy(() -> eks.associateIdentityProviderConfig(r -> r.clusterName("prod-a").clientRequestToken("tok-3")
                .oidc(o -> o.identityProviderConfigName("next").issuerUrl("https://next.example.com").clientId("kubernetes"))))
                .isInstanceOf(ResourceInUseException.class);
        assertThat(sim.stats().changes(A, R, "prod-a", "corp-okta")).isEqualTo(1);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig", 409)).isEqualTo(1);
        assertThat(sim.stats().calls("AssociateIdentityProviderConfig", 409)).isEqualTo(1);
    }

    @Test
    void invalidRequestsAreRejectedWithoutChange() {
        start(f -> f);
        EksClient eks = clients.eksFor(A, R);
        assertThatThrownBy(() -> eks.disassociateIdentityProviderConfig(disassociate("upgrading", "corp-okta", "t1")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Cluster 'upgrading' is not in ACTIVE status");
        assertThatThrownBy(() -> eks.disassociateIdentityProviderConfig(r -> r.clusterName("prod-a").clientRequestToken("t2")
                .identityProviderConfig(i -> i.type("saml").name("corp-okta"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "nope", "t3")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("No config found for cluster: prod-a, config type: oidc, config name: nope");
        assertThatThrownBy(() -> eks.describeCluster(r -> r.name("missing")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("No cluster found for name: missing.");
        assertThat(sim.providerStatus(A, R, "upgrading", "corp-okta")).contains("ACTIVE");
        assertThat(sim.stats().maxChangesPerProvider()).isZero();
        assertThat(sim.stats().crossAccountMisses()).isZero();
    }

    @Test
    void busyClusterRejectsTheFirstCallsThenAccepts() {
        start(f -> f);
        EksClient eks = clients.eksFor(A, R);
        var busy = catchThrowableOfType(ResourceInUseException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("busy", "corp-okta", "t1")));
        assertThat(busy.getMessage()).contains("Cannot DisassociateIdentityProviderConfig because cluster busy currently has update");
        assertThat(eks.disassociateIdentityProviderConfig(disassociate("busy", "corp-okta", "t2")).update().status())
                .isEqualTo(UpdateStatus.IN_PROGRESS);
        assertThat(sim.stats().busyRejections()).isEqualTo(1);
        assertThat(sim.stats().changes(A, R, "busy", "corp-okta")).isEqualTo(1);
    }

    @Test
    void accountsAndRegionsAreIsolated() {
        start(f -> f);
        EksClient inA = clients.eksFor(A, R);
        assertThatThrownBy(() -> inA.describeCluster(r -> r.name("prod-b"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> inA.describeCluster(r -> r.name("prod-eu"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(sim.stats().crossAccountMisses()).isEqualTo(2);
        EksClient euA = clients.eksFor(A, "eu-west-1");
        assertThat(euA.describeCluster(r -> r.name("prod-eu")).cluster().name()).isEqualTo("prod-eu");
        assertThat(euA.listClusters().clusters()).containsExactly("prod-eu");
        // the hub owns no clusters
        EksClient hub = clients.eks(AwsBasicCredentials.create(Fleet.Hub.DEFAULT.accessKeyId(), Fleet.Hub.DEFAULT.secretAccessKey()), R);
        assertThatThrownBy(() -> hub.describeCluster(r -> r.name("prod-a"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(sim.stats().crossAccountMisses()).isEqualTo(3);
    }

    @Test
    void eksAndStsThrottle() {
        start(f -> f.withLimits(new Fleet.Limits(new Fleet.Rate(1, 2), new Fleet.Rate(0.5, 2))));
        EksClient eks = clients.eksFor(A, R);
        eks.describeCluster(r -> r.name("prod-a"));
        eks.describeCluster(r -> r.name("prod-a"));
        var throttled = catchThrowableOfType(AwsServiceException.class, () -> eks.describeCluster(r -> r.name("prod-a")));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(sim.stats().eksThrottles()).isEqualTo(1);
        assertThat(sim.stats().calls("DescribeCluster", 429)).isEqualTo(1);
        assertThat(sim.stats().peakRatePerBucket(A, R)).isEqualTo(3);
        // other buckets are unaffected
        clients.eksFor(A, "eu-west-1").describeCluster(r -> r.name("prod-eu"));

        StsClient hub = clients.hubSts();
        // two AssumeRoles used the hub bucket (burst 2) already
        var stsThrottled = catchThrowableOfType(AwsServiceException.class, hub::getCallerIdentity);
        assertThat(stsThrottled.statusCode()).isEqualTo(400);
        assertThat(stsThrottled.awsErrorDetails().errorCode()).isEqualTo("Throttling");
        assertThat(sim.stats().stsThrottles()).isEqualTo(1);
    }

    @Test
    void temporaryCredentialsExpire() throws Exception {
        // 30 s of simulated lifetime at clock speed 10: expires 3 s of real time after AssumeRole
        start(f -> f.withCredentials(new Fleet.CredentialPolicy(30)).withClockSpeed(10));
        Credentials c = clients.assume(A);
        assertThat(Duration.between(Instant.now(), c.expiration())).isLessThanOrEqualTo(Duration.ofSeconds(3));
        EksClient eks = clients.eks(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()), R);
        eks.describeCluster(r -> r.name("prod-a"));
        Awaits.until(() -> {
            try {
                eks.describeCluster(r -> r.name("prod-a"));
                return false;
            } catch (AwsServiceException e) {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                return true;
            }
        });
        assertThat(Instant.now()).isAfterOrEqualTo(c.expiration().minusSeconds(1));
        var stsExpired = catchThrowableOfType(AwsServiceException.class,
                () -> clients.sts(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())).getCallerIdentity());
        assertThat(stsExpired.statusCode()).isEqualTo(400);
        assertThat(stsExpired.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
    }

    @Test
    void badSignatureAndUnknownKeysAreRejected() {
        start(f -> f);
        var wrongSecret = AwsBasicCredentials.create(Fleet.Hub.DEFAULT.accessKeyId(), "not-the-secret");
        var sig = catchThrowableOfType(AwsServiceException.class, () -> clients.sts(wrongSecret).getCallerIdentity());
        assertThat(sig.statusCode()).isEqualTo(403);
        assertThat(sig.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        var unknown = AwsBasicCredentials.create("AKIDUNKNOWN000000000", "whatever");
        assertThat(catchThrowableOfType(AwsServiceException.class, () -> clients.sts(unknown).getCallerIdentity())
                .awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");

        Credentials c = clients.assume(A);
        var eksWrong = catchThrowableOfType(AwsServiceException.class, () -> clients.eks(
                AwsSessionCredentials.create(c.accessKeyId(), "wrong", c.sessionToken()), R).describeCluster(r -> r.name("prod-a")));
        assertThat(eksWrong.statusCode()).isEqualTo(403);
        assertThat(eksWrong.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        var eksBadToken = catchThrowableOfType(AwsServiceException.class, () -> clients.eks(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), "forged"), R).describeCluster(r -> r.name("prod-a")));
        assertThat(eksBadToken.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(catchThrowableOfType(AwsServiceException.class, () -> clients.eks(unknown, R).describeCluster(r -> r.name("prod-a")))
                .awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(sim.stats().authFailures()).isEqualTo(5);
    }

    @Test
    void assumeRoleAccessDeniedAndValidation() {
        start(f -> f);
        StsClient hub = clients.hubSts();
        for (String arn : List.of("arn:aws:iam::999999999999:role/EksIdpRemediation", "arn:aws:iam::" + A + ":role/Other",
                "arn:aws:iam::333333333333:role/EksIdpRemediation", "arn:aws:iam::" + B + ":role/EksIdpRemediation")) {
            var denied = catchThrowableOfType(AwsServiceException.class, () -> hub.assumeRole(r -> r.roleArn(arn).roleSessionName("s1")));
            assertThat(denied.statusCode()).as(arn).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).as(arn).isEqualTo("AccessDenied");
        }
        assertThatThrownBy(() -> hub.assumeRole(r -> r.roleArn("arn:aws:iam::" + B + ":role/EksIdpRemediation").roleSessionName("s1").externalId("wrong")))
                .isInstanceOf(AwsServiceException.class).hasMessageContaining("not authorized");
        assertThat(hub.assumeRole(r -> r.roleArn("arn:aws:iam::" + B + ":role/EksIdpRemediation").roleSessionName("s1").externalId("ext-123"))
                .assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + B + ":assumed-role/EksIdpRemediation/s1");
        assertThat(hub.assumeRole(r -> r.roleArn("arn:aws-cn:iam::" + A + ":role/EksIdpRemediation").roleSessionName("s1"))
                .assumedRoleUser().arn()).startsWith("arn:aws-cn:sts::" + A);

        var badName = catchThrowableOfType(AwsServiceException.class,
                () -> hub.assumeRole(r -> r.roleArn("arn:aws:iam::" + A + ":role/EksIdpRemediation").roleSessionName("bad name!")));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        var badDuration = catchThrowableOfType(AwsServiceException.class,
                () -> hub.assumeRole(r -> r.roleArn("arn:aws:iam::" + A + ":role/EksIdpRemediation").roleSessionName("s1").durationSeconds(100)));
        assertThat(badDuration.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(sim.stats().assumeRoleCallsPerAccount()).containsEntry(B, 3L).containsEntry("333333333333", 1L);
    }

    @Test
    void serverErrorsAreInjectedWithoutChangingState() {
        start(f -> f.withFaults(new Fleet.Faults(1.0, 0, 7)));
        EksClient eks = clients.eksFor(A, R);
        var err = catchThrowableOfType(ServerException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "t1")));
        assertThat(err.statusCode()).isEqualTo(500);
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
        assertThat(sim.stats().serverErrorsInjected()).isEqualTo(1);
    }

    @Test
    void droppedConnectionsSurfaceAsIoErrors() {
        start(f -> f.withFaults(new Fleet.Faults(0, 1.0, 7)));
        EksClient eks = clients.eksFor(A, R);
        var dropped = catchThrowableOfType(SdkClientException.class,
                () -> eks.disassociateIdentityProviderConfig(disassociate("prod-a", "corp-okta", "t1")));
        assertThat(dropped).hasRootCauseInstanceOf(IOException.class);
        assertThat(sim.providerStatus(A, R, "prod-a", "corp-okta")).contains("ACTIVE");
        assertThat(sim.stats().connectionsDropped()).isEqualTo(1);
        assertThat(sim.stats().calls("DisassociateIdentityProviderConfig", 0)).isEqualTo(1);
    }
}
