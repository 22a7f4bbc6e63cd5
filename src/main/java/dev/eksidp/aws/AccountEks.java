package dev.eksidp.aws;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.eks.EksClient;

import java.util.function.Consumer;

/**
 * EKS in one account and region: the region's shared client and the account's credentials, which every request
 * must carry ({@code b.overrideConfiguration(eks.asAccount())}). The shared client itself has no usable
 * credentials, so a request that forgets them fails instead of acting as anyone else.
 */
public record AccountEks(EksClient client, AccountCredentialsProvider credentials) {

    public Consumer<AwsRequestOverrideConfiguration.Builder> asAccount() {
        return c -> c.credentialsProvider(credentials);
    }
}
