package dev.eksidp.aws;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Before a run touches a target: resolve the base credentials the SDK's standard way and ask STS who they are,
 * once and without retries. A missing credential or an unknown profile is a configuration error a retry cannot
 * fix; finding it here takes a second instead of every row's attempts.
 */
public final class PreFlight {

    private final Map<String, String> environment;

    /** @param environment the process environment (AWS_PROFILE, AWS_ENDPOINT_URL*) */
    public PreFlight(Map<String, String> environment) {
        this.environment = environment;
    }

    /** @throws BaseCredentialsException when there are no usable base credentials */
    public BaseIdentity check() {
        String profile = profile();
        ProfileFile profiles = ProfileFile.defaultProfileFile();
        boolean named = System.getProperty(ProfileFileSystemSetting.AWS_PROFILE.property()) != null
                || environment.get(ProfileFileSystemSetting.AWS_PROFILE.environmentVariable()) != null;
        if (named && profiles.profile(profile).isEmpty()) {
            throw new BaseCredentialsException("AWS profile '" + profile + "' is not in the AWS config or credentials "
                    + "file (" + configFiles() + "); check --profile / AWS_PROFILE, or run 'aws configure list-profiles'");
        }
        Region region = AwsSessions.hubRegion();
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
             StsClient sts = StsClient.builder()
                     .httpClient(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build())
                     .region(region)
                     .credentialsProvider(credentials)
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                             .apiCallTimeout(Duration.ofSeconds(15)))
                     .build()) {
            try {
                credentials.resolveCredentials();
            } catch (SdkClientException e) {
                // The SDK's chain says why each provider failed; an IAM Identity Center profile's is worth naming.
                if (String.valueOf(e.getMessage()).contains("SSO session associated with this profile has expired")) {
                    throw new BaseCredentialsException("the IAM Identity Center (SSO) session of profile '" + profile
                            + "' has expired or was never started; run 'aws sso login --profile " + profile + "'");
                }
                throw new BaseCredentialsException("no AWS credentials found (environment, profile '" + profile
                        + "', SSO, container or instance role); set AWS_PROFILE or --profile, or run 'aws sso login'");
            }
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            return new BaseIdentity(me.arn(), me.account(), profile, region.id(), endpoint(profiles, profile));
        } catch (SdkServiceException e) {
            throw new BaseCredentialsException("STS refused the base credentials (" + AwsErrors.code(e) + ": "
                    + AwsErrors.message(e) + ")");
        } catch (SdkClientException e) {
            throw new BaseCredentialsException("cannot reach STS at " + endpoint(profiles, profile) + " in " + region.id()
                    + ": " + firstLine(e.getMessage()));
        }
    }

    private String profile() {
        String fromProperty = System.getProperty(ProfileFileSystemSetting.AWS_PROFILE.property());
        String fromEnv = environment.get(ProfileFileSystemSetting.AWS_PROFILE.environmentVariable());
        return fromProperty != null ? fromProperty : fromEnv != null ? fromEnv : "default";
    }

    private String configFiles() {
        String config = environment.getOrDefault("AWS_CONFIG_FILE", "~/.aws/config");
        String credentials = environment.getOrDefault("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials");
        return config + ", " + credentials;
    }

    /**
     * "AWS", or the URL every STS request goes to instead, found as the SDK finds it: aws.endpointUrlSts,
     * AWS_ENDPOINT_URL_STS, aws.endpointUrl, AWS_ENDPOINT_URL, then the profile's {@code services} section
     * ({@code sts = endpoint_url = ...}) and its own {@code endpoint_url}; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
     */
    private String endpoint(ProfileFile profiles, String profileName) {
        if ("true".equalsIgnoreCase(firstSet(System.getProperty("aws.ignoreConfiguredEndpointUrls"),
                environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))) {
            return "AWS";
        }
        String configured = firstSet(System.getProperty("aws.endpointUrlSts"), environment.get("AWS_ENDPOINT_URL_STS"),
                System.getProperty("aws.endpointUrl"), environment.get("AWS_ENDPOINT_URL"), profileEndpoint(profiles, profileName));
        return configured != null ? configured : "AWS";
    }

    private static String profileEndpoint(ProfileFile profiles, String profileName) {
        Optional<Profile> profile = profiles.profile(profileName);
        String forSts = profile.flatMap(p -> p.property("services"))
                .flatMap(name -> profiles.getSection("services", name))
                .flatMap(services -> services.property("sts." + ProfileProperty.ENDPOINT_URL)).orElse(null);
        return firstSet(forSts, profile.flatMap(p -> p.property(ProfileProperty.ENDPOINT_URL)).orElse(null));
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
