package dev.eksidp.aws;

import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RateLimiters;
import dev.eksidp.stop.StopRequestedException;
import dev.eksidp.stop.StopSignal;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The AWS access layer of one run, through which every AWS call goes: one HTTP connection pool, one STS client for
 * the hub identity, one credentials provider per (account, role), one limiter per (account, region) bucket, and one
 * client per service and region whose requests each carry their own account's credentials
 * ({@link AccountClient}); all built the ordinary way so the SDK's standard configuration applies. Another
 * service joins by a method like {@link #eks}: its regional client and the bucket's {@link AccountClient}.
 *
 * <p>SDK retries are off: callers retry with the one {@link RetryPolicy}, and two layers would multiply. Errors
 * are read by {@link AwsErrors}.
 */
public final class AwsSessions implements AutoCloseable {

    private static final Region FALLBACK_HUB_REGION = Region.US_EAST_1;

    /** The shared regional clients' own credentials: none, so only a request's account credentials can sign it. */
    private static final AwsCredentialsProvider NO_ACCOUNT = () -> {
        throw new IllegalStateException("a request was sent without its account's credentials");
    };

    private final AwsSettings settings;
    private final SdkHttpClient http;
    /** Shared by every client: the SDK would otherwise start a 5-thread scheduler per EKS client (per bucket). */
    private final ScheduledExecutorService sdkScheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("aws-sdk-scheduler-", 0).factory());
    private final StsClient sts;
    private final RoleAssumer assumer;
    private final Clock clock;
    private final Map<String, AccountCredentialsProvider> credentials = new ConcurrentHashMap<>();
    private final Map<String, EksClient> eksClients = new ConcurrentHashMap<>();
    private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
    private final String hubRegion;
    private OrganizationsClient organizations;
    /** The SDK's Account Management client (the name AccountClient is this package's per-account wrapper). */
    private software.amazon.awssdk.services.account.AccountClient account;
    /** Organizations allows few calls per second per account; throttling slows this further. */
    private final AdaptiveRateLimiter organizationsLimiter = new AdaptiveRateLimiter(5, 5);
    /** ListRegions: one call per account, each in another account; one limiter keeps the run's total modest. */
    private final AdaptiveRateLimiter accountLimiter = new AdaptiveRateLimiter(10, 10);
    private final SessionDurations durations;
    private final AdaptiveRateLimiter stsLimiter;
    private final RateLimiters eksLimiters;
    private final StopSignal stop;
    private volatile boolean baseIdentityChecked;

    public AwsSessions(AwsSettings settings, StopSignal stop, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.durations = new SessionDurations(settings.sessionDurationSeconds());
        this.http = Apache5HttpClient.builder()
                .maxConnections(settings.maxConnections())
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        Region hubRegion = hubRegion();
        this.hubRegion = hubRegion.id();
        this.sts = stsIn(hubRegion.id());
        this.stsLimiter = new AdaptiveRateLimiter(settings.stsPolicy());
        this.eksLimiters = new RateLimiters(settings.eksPolicy());
        this.stop = stop;
        this.assumer = new RoleAssumer(new StsEndpoints(hubRegion.id(), this::stsIn), stsLimiter, settings.sessionName(),
                settings.externalId(), durations, settings.retry(), stop, clock);
    }

    /** The hub identity's STS limiter: what it reached goes into the summary. */
    public AdaptiveRateLimiter stsLimiter() {
        return stsLimiter;
    }

    /** The EKS limiters, one per bucket: what they reached goes into the summary. */
    public RateLimiters eksLimiters() {
        return eksLimiters;
    }

    /** What the run had to change about its sessions (shorter lengths, role chaining, STS endpoints), for the summary. */
    public List<String> sessionNotes() {
        List<String> notes = new ArrayList<>(durations.notes());
        notes.addAll(assumer.notes());
        return notes;
    }

    /** STS as the hub identity through one regional endpoint (hub credentials from the SDK's default chain). */
    private StsClient stsIn(String region) {
        return stsClients.computeIfAbsent(region, r -> StsClient.builder()
                .httpClient(http)
                .region(Region.of(r))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(clientConfiguration())
                .build());
    }

    /**
     * The account's credentials, assuming its role on first use.
     *
     * @throws RoleAssumptionException when the role cannot be assumed
     */
    public AccountCredentialsProvider credentials(String accountId, String region, String roleArn) {
        checkBaseIdentity();
        AccountCredentialsProvider provider = credentials.computeIfAbsent(accountId + "|" + roleArn,
                k -> new AccountCredentialsProvider(accountId, region, roleArn, assumer::assume, clock));
        provider.resolveCredentials();
        return provider;
    }

    /**
     * Once per run, before the first AssumeRole: a base identity that is itself an assumed role can only chain
     * sessions of up to 1 h. Anything going wrong here is left to AssumeRole to report.
     */
    private void checkBaseIdentity() {
        if (baseIdentityChecked) {
            return;
        }
        synchronized (this) {
            if (baseIdentityChecked) {
                return;
            }
            baseIdentityChecked = true;
            try {
                String arn = AccountClient.paced(stsLimiter, stop, () -> sts.getCallerIdentity().arn());
                if (arn.contains(":assumed-role/")) {
                    durations.chained(arn);
                }
            } catch (StopRequestedException e) {
                throw e;
            } catch (RuntimeException unknown) {
                // AssumeRole will say what is wrong with the base credentials.
            }
        }
    }

    /**
     * EKS for one bucket, as the role {@code rowRoleArn} (null: the run's template or role name). One client per
     * region serves every account (building a client per account and region cost more CPU than the calls); each
     * request carries its own account's credentials.
     *
     * @throws RoleAssumptionException when the account's role cannot be assumed
     */
    public AccountClient<EksClient> eks(Bucket bucket, String rowRoleArn) {
        String roleArn = settings.roleArns().roleArn(bucket.accountId(), bucket.region(), rowRoleArn);
        AccountCredentialsProvider provider = credentials(bucket.accountId(), bucket.region(), roleArn);
        EksClient client = eksClients.computeIfAbsent(bucket.region(), r -> EksClient.builder()
                .httpClient(http)
                .region(Region.of(r))
                .credentialsProvider(NO_ACCOUNT)
                .overrideConfiguration(clientConfiguration())
                .build());
        return new AccountClient<>(client, provider, eksLimiters.forKey(bucket.toString()), stop, clock);
    }

    /**
     * AWS Organizations as the hub identity (which must be the management account or a delegated administrator),
     * every call through one limiter: Organizations allows few requests per second per account. A global service: the
     * SDK resolves the partition's endpoint from the hub region, or AWS_ENDPOINT_URL_ORGANIZATIONS.
     */
    public synchronized OrganizationsReader organizations() {
        if (organizations == null) {
            organizations = OrganizationsClient.builder()
                    .httpClient(http)
                    .region(Region.of(hubRegion))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .overrideConfiguration(clientConfiguration())
                    .build();
        }
        return new OrganizationsReader(organizations, organizationsLimiter, stop, settings.retry());
    }

    /**
     * Account Management as the account itself (its role's credentials, so no Organizations trusted access is
     * needed), paced by one limiter for the run. A global service, like Organizations (AWS_ENDPOINT_URL_ACCOUNT).
     *
     * @throws RoleAssumptionException when the account's role cannot be assumed
     */
    public AccountClient<software.amazon.awssdk.services.account.AccountClient> account(String accountId) {
        AccountCredentialsProvider provider = credentials(accountId, hubRegion,
                settings.roleArns().roleArn(accountId, hubRegion, null));
        synchronized (this) {
            if (account == null) {
                account = software.amazon.awssdk.services.account.AccountClient.builder()
                        .httpClient(http)
                        .region(Region.of(hubRegion))
                        .credentialsProvider(NO_ACCOUNT)
                        .overrideConfiguration(clientConfiguration())
                        .build();
            }
        }
        return new AccountClient<>(account, provider, accountLimiter, stop, clock);
    }

    @Override
    public void close() {
        if (organizations != null) {
            organizations.close();
        }
        if (account != null) {
            account.close();
        }
        eksClients.values().forEach(EksClient::close);
        stsClients.values().forEach(StsClient::close);
        // The shared pool last: the service clients do not close a client they were given.
        http.close();
        sdkScheduler.shutdownNow();
    }

    private ClientOverrideConfiguration clientConfiguration() {
        return ClientOverrideConfiguration.builder()
                .scheduledExecutorService(sdkScheduler)
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The region the SDK's standard configuration names (AWS_REGION, aws.region, the profile), else us-east-1. */
    static Region hubRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException noRegionConfigured) {
            return FALLBACK_HUB_REGION;
        }
    }
}
