package dev.eksidp.simulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.util.ArrayList;
import java.util.List;

/** Real SDK clients pointed at a simulator, with SDK retries off so every call is one request. */
public final class SimClients implements AutoCloseable {
    static final String ROLE = Fleet.DEFAULT_ROLE;
    private final Simulator sim;
    private final SdkHttpClient http = Apache5HttpClient.builder().build();
    private final List<AutoCloseable> clients = new ArrayList<>();

    public SimClients(Simulator sim) {
        this.sim = sim;
    }

    StsClient sts(AwsCredentials credentials) {
        return sts(credentials, Region.US_EAST_1);
    }

    /** STS signed for {@code region}: the regional endpoint a request reaches. */
    StsClient sts(AwsCredentials credentials, Region region) {
        StsClient c = StsClient.builder().endpointOverride(sim.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        clients.add(c);
        return c;
    }

    StsClient hubSts() {
        return sts(AwsBasicCredentials.create(Fleet.Hub.DEFAULT.accessKeyId(), Fleet.Hub.DEFAULT.secretAccessKey()));
    }

    EksClient eks(AwsCredentials credentials, String region) {
        EksClient c = EksClient.builder().endpointOverride(sim.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        clients.add(c);
        return c;
    }

    Credentials assume(String accountId) {
        return hubSts().assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/" + ROLE).roleSessionName("test")).credentials();
    }

    public EksClient eksFor(String accountId, String region) {
        Credentials c = assume(accountId);
        return eks(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()), region);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : clients) c.close();
        http.close();
    }
}
