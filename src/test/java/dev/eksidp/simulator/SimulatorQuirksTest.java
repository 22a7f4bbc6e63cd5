package dev.eksidp.simulator;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.eksidp.simulator.SimulatorSdkTest.disassociate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviours of real EKS and STS that public issue logs show and the simulator can be asked for (fleet
 * {@code quirks}, an account's {@code stsDisabledRegions}, a cluster's {@code ghost}), pinned through the real SDK.
 */
class SimulatorQuirksTest {

    static final String A = "111111111111";
    static final String R = "us-east-1";

    @AutoClose
    Simulator sim;
    @AutoClose
    SimClients clients;

    EksClient start(Fleet.Quirks quirks) {
        Fleet fleet = Fleet.of(List.of(new Fleet.Account(A, null, null, false, List.of(
                        Fleet.Cluster.of(R, "prod", Fleet.IdentityProvider.oidc("corp-okta")),
                        new Fleet.Cluster(R, "upgrading", "UPDATING", 0, List.of(Fleet.IdentityProvider.oidc("corp-okta"))),
                        new Fleet.Cluster(R, "ghost", "ACTIVE", 0, List.of(), true)),
                        List.of("eu-west-2"))))
                .withUpdateDurationMs(1000).withQuirks(quirks);
        sim = Simulator.start(fleet, 0);
        clients = new SimClients(sim);
        return clients.eksFor(A, R);
    }

    static AwsServiceException thrown(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aConfigNoLongerAssociatedIsA400InvalidRequestWhenAsked() {
        EksClient eks = start(new Fleet.Quirks(true, false, false, null));
        AwsServiceException e = thrown(() -> eks.disassociateIdentityProviderConfig(disassociate("prod", "never-there", "t1")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Identity provider config is not associated with cluster prod");
    }

    @Test
    void aTokenIsForgottenOnceItsUpdateEndedWhenAsked() throws Exception {
        EksClient eks = start(new Fleet.Quirks(false, true, false, null));
        Update first = eks.disassociateIdentityProviderConfig(disassociate("prod", "corp-okta", "t1")).update();
        // While the update runs, the token replays it.
        assertThat(eks.disassociateIdentityProviderConfig(disassociate("prod", "corp-okta", "t1")).update().id()).isEqualTo(first.id());
        Thread.sleep(1500);
        AwsServiceException e = thrown(() -> eks.disassociateIdentityProviderConfig(disassociate("prod", "corp-okta", "t1")));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("No config found for cluster: prod");
    }

    @Test
    void listIdentityProviderConfigsRefusesMaxResultsOtherThanOneWhenAsked() {
        EksClient eks = start(new Fleet.Quirks(false, false, true, null));
        AwsServiceException e = thrown(() -> eks.listIdentityProviderConfigs(b -> b.clusterName("prod").maxResults(100)));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("maxResults needs to be 1");
        assertThat(eks.listIdentityProviderConfigs(b -> b.clusterName("prod")).identityProviderConfigs()).hasSize(1);
        assertThat(eks.listIdentityProviderConfigs(b -> b.clusterName("prod").maxResults(1)).identityProviderConfigs()).hasSize(1);
    }

    @Test
    void throttlingCanComeAsTooManyRequestsException() {
        Fleet fleet = Fleet.of(List.of(Fleet.Account.of(A, Fleet.Cluster.of(R, "prod"))))
                .withLimits(new Fleet.Limits(new Fleet.Rate(0.5, 1), null))
                .withQuirks(new Fleet.Quirks(false, false, false, "TooManyRequestsException"));
        sim = Simulator.start(fleet, 0);
        clients = new SimClients(sim);
        EksClient eks = clients.eksFor(A, R);
        eks.describeCluster(b -> b.name("prod"));
        AwsServiceException e = thrown(() -> eks.describeCluster(b -> b.name("prod")));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
    }

    @Test
    void aGhostClusterIsListedButUnknownToEveryOtherCall() {
        EksClient eks = start(Fleet.Quirks.NONE);
        assertThat(eks.listClusters(b -> { }).clusters()).contains("ghost", "prod");
        AwsServiceException e = thrown(() -> eks.describeCluster(b -> b.name("ghost")));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No cluster found for name: ghost.");
    }

    @Test
    void aClusterThatIsNotActiveSaysSoInEksWords() {
        EksClient eks = start(Fleet.Quirks.NONE);
        AwsServiceException e = thrown(() -> eks.disassociateIdentityProviderConfig(disassociate("upgrading", "corp-okta", "t1")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cluster 'upgrading' is not in ACTIVE status");
    }

    @Test
    void assumeRoleThroughARegionWhoseStsIsDeactivatedIsRegionDisabledException() {
        start(Fleet.Quirks.NONE);
        var hub = AwsBasicCredentials.create(Fleet.Hub.DEFAULT.accessKeyId(), Fleet.Hub.DEFAULT.secretAccessKey());
        String role = "arn:aws:iam::" + A + ":role/" + SimClients.ROLE;
        AwsServiceException e = thrown(() -> clients.sts(hub, Region.EU_WEST_2).assumeRole(b -> b.roleArn(role).roleSessionName("test")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RegionDisabledException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("STS is not activated in this region for account:" + A
                + ". Your account administrator can activate STS in this region using the IAM Console.");
        assertThat(clients.sts(hub, Region.US_EAST_1).assumeRole(b -> b.roleArn(role).roleSessionName("test")).credentials()).isNotNull();
    }

    @Test
    void theFleetFileNamesEachQuirk() throws Exception {
        Path file = Files.createTempFile("fleet", ".yaml");
        Files.writeString(file, """
                quirks: {notAssociatedAs400: true, forgetTokensAfterUpdate: true, listMaxResultsMustBe1: true, throttleCode: TooManyRequestsException}
                accounts:
                  - id: "111111111111"
                    stsDisabledRegions: [eu-west-2]
                    clusters: [{region: us-east-1, name: ghost, ghost: true}]
                """);
        Fleet fleet = FleetLoader.load(file);
        Files.delete(file);
        assertThat(fleet.quirks()).isEqualTo(new Fleet.Quirks(true, true, true, "TooManyRequestsException"));
        assertThat(fleet.accounts().getFirst().stsDisabledRegions()).containsExactly("eu-west-2");
        assertThat(fleet.accounts().getFirst().clusters().getFirst().ghost()).isTrue();
        assertThatThrownBy(() -> new Fleet.Account(A, null, null, false, List.of(), List.of("us-east-1")))
                .hasMessageContaining("cannot be deactivated");
    }
}
