package dev.eksidp.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The simulated world: the hub identity that may assume roles, the member accounts with their
 * clusters and identity provider configs, and the knobs (limits, latency, faults, clock).
 * Immutable; the simulator copies what it mutates. Null components take the documented defaults
 * so tests can build a fleet with {@link #of(List)} and the withers.
 */
public record Fleet(Hub hub, Limits limits, Latency latencyMs, Faults faults, long updateDurationMs,
                    CredentialPolicy credentials, double clockSpeed, Path journal, Quirks quirks, List<Account> accounts,
                    Organization organization) {

    public static final String DEFAULT_ROLE = "EksIdpRemediation";

    public Fleet {
        hub = hub == null ? Hub.DEFAULT : hub;
        limits = limits == null ? Limits.UNLIMITED : limits;
        latencyMs = latencyMs == null ? Latency.NONE : latencyMs;
        faults = faults == null ? Faults.NONE : faults;
        credentials = credentials == null ? CredentialPolicy.DEFAULT : credentials;
        quirks = quirks == null ? Quirks.NONE : quirks;
        if (updateDurationMs < 0) throw new IllegalArgumentException("updateDurationMs must be >= 0");
        if (!(clockSpeed > 0)) throw new IllegalArgumentException("clockSpeed must be > 0");
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
    }

    public Fleet(Hub hub, Limits limits, Latency latencyMs, Faults faults, long updateDurationMs,
                 CredentialPolicy credentials, double clockSpeed, Path journal, Quirks quirks, List<Account> accounts) {
        this(hub, limits, latencyMs, faults, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, null);
    }

    public static Fleet of(List<Account> accounts) {
        return new Fleet(null, null, null, null, 1000, null, 1.0, null, null, accounts);
    }

    public Fleet withHub(Hub h) { return new Fleet(h, limits, latencyMs, faults, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withLimits(Limits l) { return new Fleet(hub, l, latencyMs, faults, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withLatency(Latency l) { return new Fleet(hub, limits, l, faults, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withFaults(Faults f) { return new Fleet(hub, limits, latencyMs, f, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withUpdateDurationMs(long ms) { return new Fleet(hub, limits, latencyMs, faults, ms, credentials, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withCredentials(CredentialPolicy c) { return new Fleet(hub, limits, latencyMs, faults, updateDurationMs, c, clockSpeed, journal, quirks, accounts, organization); }
    public Fleet withClockSpeed(double s) { return new Fleet(hub, limits, latencyMs, faults, updateDurationMs, credentials, s, journal, quirks, accounts, organization); }
    public Fleet withQuirks(Quirks q) { return new Fleet(hub, limits, latencyMs, faults, updateDurationMs, credentials, clockSpeed, journal, q, accounts, organization); }
    public Fleet withJournal(Path j) { return new Fleet(hub, limits, latencyMs, faults, updateDurationMs, credentials, clockSpeed, j, quirks, accounts, organization); }

    public Fleet withOrganization(Organization o) { return new Fleet(hub, limits, latencyMs, faults, updateDurationMs, credentials, clockSpeed, journal, quirks, accounts, o); }

    /**
     * The hub's long-term key; the IAM Identity Center access token ({@code aws sso login}'s, in the SSO token
     * cache) for which the simulator's portal gives role sessions in the hub account; and the web identity token
     * (IRSA's service account token) for which AssumeRoleWithWebIdentity gives a role of the hub account.
     */
    public record Hub(String accountId, String accessKeyId, String secretAccessKey, String ssoAccessToken,
                      String webIdentityToken) {
        public static final Hub DEFAULT = new Hub("000000000000", "AKIDSIMHUB0000000001", "simulator-hub-secret", null, null);

        public Hub {
            accountId = accountId == null ? DEFAULT_ACCOUNT : accountId;
            accessKeyId = accessKeyId == null ? DEFAULT_KEY : accessKeyId;
            secretAccessKey = secretAccessKey == null ? DEFAULT_SECRET : secretAccessKey;
            ssoAccessToken = ssoAccessToken == null ? DEFAULT_SSO_TOKEN : ssoAccessToken;
            webIdentityToken = webIdentityToken == null ? DEFAULT_WEB_IDENTITY_TOKEN : webIdentityToken;
        }

        public Hub(String accountId, String accessKeyId, String secretAccessKey) {
            this(accountId, accessKeyId, secretAccessKey, null, null);
        }

        private static final String DEFAULT_ACCOUNT = "000000000000";
        private static final String DEFAULT_KEY = "AKIDSIMHUB0000000001";
        private static final String DEFAULT_SECRET = "simulator-hub-secret";
        private static final String DEFAULT_SSO_TOKEN = "simulator-sso-access-token";
        private static final String DEFAULT_WEB_IDENTITY_TOKEN = "simulator-web-identity-token";

        /** Never print the secret, even by accident in a test failure message. */
        @Override
        public String toString() {
            return "Hub[accountId=" + accountId + ", accessKeyId=" + accessKeyId + "]";
        }
    }

    /** ratePerSecond 0 means unlimited; burst 0 means "one second's worth" (at least 1). */
    public record Rate(double ratePerSecond, int burst) {
        public static final Rate UNLIMITED = new Rate(0, 0);

        public Rate {
            if (ratePerSecond < 0 || burst < 0) throw new IllegalArgumentException("rate and burst must be >= 0");
        }

        public boolean unlimited() {
            return ratePerSecond <= 0;
        }

        public int effectiveBurst() {
            return burst > 0 ? burst : Math.max(1, (int) Math.ceil(ratePerSecond));
        }
    }

    /** organizations: per calling account; account (Account Management): per account the call is about. */
    public record Limits(Rate eks, Rate sts, Rate organizations, Rate account) {
        public static final Limits UNLIMITED = new Limits(Rate.UNLIMITED, Rate.UNLIMITED);

        public Limits {
            eks = eks == null ? Rate.UNLIMITED : eks;
            sts = sts == null ? Rate.UNLIMITED : sts;
            organizations = organizations == null ? Rate.UNLIMITED : organizations;
            account = account == null ? Rate.UNLIMITED : account;
        }

        public Limits(Rate eks, Rate sts) {
            this(eks, sts, null, null);
        }
    }

    public record Latency(long min, long max) {
        public static final Latency NONE = new Latency(0, 0);

        public Latency {
            if (min < 0 || max < min) throw new IllegalArgumentException("latencyMs needs 0 <= min <= max");
        }
    }

    /**
     * lostResponseRate: share of successful changes (disassociate, associate) whose answer is lost: the change is
     * made, then the connection closes with no response, as when a network path fails after the request arrived.
     */
    public record Faults(double serverErrorRate, double dropConnectionRate, long seed, double lostResponseRate) {
        public static final Faults NONE = new Faults(0, 0, 1);

        public Faults {
            if (serverErrorRate < 0 || dropConnectionRate < 0 || lostResponseRate < 0
                    || serverErrorRate + dropConnectionRate + lostResponseRate > 1) {
                throw new IllegalArgumentException("fault rates must be >= 0 and sum to at most 1");
            }
        }

        public Faults(double serverErrorRate, double dropConnectionRate, long seed) {
            this(serverErrorRate, dropConnectionRate, seed, 0);
        }
    }

    /**
     * maxLifetimeSeconds caps the lifetime of issued credentials silently (to cross an expiry in a test);
     * maxSessionDurationSeconds is the roles' MaxSessionDuration (IAM's default is 1 h): a longer DurationSeconds
     * is refused as STS refuses it. hubIsAssumedRole: the hub keys are themselves a role session, so AssumeRole is
     * role chaining, capped at 1 h.
     */
    public record CredentialPolicy(long maxLifetimeSeconds, long maxSessionDurationSeconds, boolean hubIsAssumedRole) {
        public static final CredentialPolicy DEFAULT = new CredentialPolicy(3600);

        public CredentialPolicy {
            if (maxLifetimeSeconds <= 0) throw new IllegalArgumentException("credentials.maxLifetimeSeconds must be > 0");
            if (maxSessionDurationSeconds < 3600 || maxSessionDurationSeconds > 43200) {
                throw new IllegalArgumentException("credentials.maxSessionDurationSeconds must be between 3600 and 43200");
            }
        }

        public CredentialPolicy(long maxLifetimeSeconds) {
            this(maxLifetimeSeconds, 3600, false);
        }
    }

    /**
     * Behaviours real EKS has been seen to have that the simulator leaves off unless asked:
     * <ul>
     *   <li>notAssociatedAs400: a disassociate of a config not on the cluster is 400 InvalidRequestException
     *   "Identity provider config is not associated with cluster C" (Terraform's provider handles it), not 404;</li>
     *   <li>forgetTokensAfterUpdate: a clientRequestToken is replayed only while its update is InProgress; once the
     *   update ended, the same request is judged anew (and finds the config gone);</li>
     *   <li>listMaxResultsMustBe1: ListIdentityProviderConfigs with maxResults other than 1 is 400
     *   InvalidParameterException "maxResults needs to be 1" (aws-sdk-go #4457, Steampipe #1100);</li>
     *   <li>throttleCode: the error code of a throttled EKS call, ThrottlingException or TooManyRequestsException.</li>
     * </ul>
     */
    public record Quirks(boolean notAssociatedAs400, boolean forgetTokensAfterUpdate, boolean listMaxResultsMustBe1,
                         String throttleCode) {
        private static final Set<String> THROTTLE_CODES = Set.of("ThrottlingException", "TooManyRequestsException");
        public static final Quirks NONE = new Quirks(false, false, false, "ThrottlingException");

        public Quirks {
            throttleCode = throttleCode == null ? "ThrottlingException" : throttleCode;
            if (!THROTTLE_CODES.contains(throttleCode)) {
                throw new IllegalArgumentException("quirks.throttleCode must be one of " + THROTTLE_CODES);
            }
        }
    }

    /**
     * externalId null: the role's trust policy does not ask for one. denied: every AssumeRole into it fails.
     * stsDisabledRegions: regions whose STS endpoint is deactivated for the account (AssumeRole signed for one of
     * them is 403 RegionDisabledException; us-east-1's cannot be deactivated). optInRegions: the opt-in regions
     * ({@link SimRegions#OPT_IN}) the account has enabled; every other opt-in region refuses its credentials.
     */
    public record Account(String id, List<String> roles, String externalId, boolean denied, List<Cluster> clusters,
                          List<String> stsDisabledRegions, List<String> optInRegions) {
        public Account {
            Objects.requireNonNull(id, "account id");
            roles = roles == null ? List.of(DEFAULT_ROLE) : List.copyOf(roles);
            clusters = clusters == null ? List.of() : List.copyOf(clusters);
            stsDisabledRegions = stsDisabledRegions == null ? List.of() : List.copyOf(stsDisabledRegions);
            if (stsDisabledRegions.contains("us-east-1")) {
                throw new IllegalArgumentException("account " + id + ": us-east-1's STS endpoint cannot be deactivated");
            }
            optInRegions = optInRegions == null ? List.of() : List.copyOf(optInRegions);
            for (String r : optInRegions) {
                if (!SimRegions.OPT_IN.contains(r)) {
                    throw new IllegalArgumentException("account " + id + ": optInRegions: " + r + " is not an opt-in region");
                }
            }
        }

        public Account(String id, List<String> roles, String externalId, boolean denied, List<Cluster> clusters,
                       List<String> stsDisabledRegions) {
            this(id, roles, externalId, denied, clusters, stsDisabledRegions, null);
        }

        /** Whether the account may use the region: on by default, or an opt-in region it enabled. */
        public boolean enabled(String region) {
            return !SimRegions.OPT_IN.contains(region) || optInRegions.contains(region);
        }

        public Account(String id, List<String> roles, String externalId, boolean denied, List<Cluster> clusters) {
            this(id, roles, externalId, denied, clusters, null, null);
        }

        public static Account of(String id, Cluster... clusters) {
            return new Account(id, null, null, false, List.of(clusters));
        }
    }

    /** busy k: the first k identity provider changes (disassociate or associate) on it meet an update already in progress. */
    /** ghost: ListClusters returns it, every other call answers 404 (seen on real EKS for clusters being deleted). */
    public record Cluster(String region, String name, String status, int busy, List<IdentityProvider> identityProviders,
                          boolean ghost) {
        public Cluster(String region, String name, String status, int busy, List<IdentityProvider> identityProviders) {
            this(region, name, status, busy, identityProviders, false);
        }

        public Cluster {
            Objects.requireNonNull(region, "cluster region");
            Objects.requireNonNull(name, "cluster name");
            status = status == null ? "ACTIVE" : status;
            if (busy < 0) throw new IllegalArgumentException("busy must be >= 0");
            identityProviders = identityProviders == null ? List.of() : List.copyOf(identityProviders);
            // EKS associates one OIDC identity provider per cluster (the EKS User Guide says so, and the simulator's
            // AssociateIdentityProviderConfig refuses a second): a fleet must not start from a state AWS cannot reach.
            if (identityProviders.stream().filter(p -> "oidc".equals(p.type())).count() > 1) {
                throw new IllegalArgumentException("cluster " + name + " in " + region + " has "
                        + identityProviders.size() + " oidc identity provider configs; an EKS cluster can have one");
            }
        }

        public static Cluster of(String region, String name, IdentityProvider... providers) {
            return new Cluster(region, name, "ACTIVE", 0, List.of(providers));
        }
    }

    /**
     * One identity provider config with every field AssociateIdentityProviderConfig accepts, so a
     * removal can be undone exactly. Unset claims default as the fleets before them did (username
     * from "email", groups from "groups").
     */
    public record IdentityProvider(String name, String type, String issuerUrl, String clientId, String status,
                                   String usernameClaim, String usernamePrefix, String groupsClaim, String groupsPrefix,
                                   Map<String, String> requiredClaims, Map<String, String> tags) {
        public IdentityProvider(String name, String type, String issuerUrl, String clientId, String status) {
            this(name, type, issuerUrl, clientId, status, null, null, null, null, null, null);
        }

        public IdentityProvider {
            Objects.requireNonNull(name, "identity provider name");
            type = type == null ? "oidc" : type;
            issuerUrl = issuerUrl == null ? "https://idp.example.com" : issuerUrl;
            clientId = clientId == null ? "kubernetes" : clientId;
            status = status == null ? "ACTIVE" : status;
            usernameClaim = usernameClaim == null ? "email" : usernameClaim;
            groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
            requiredClaims = requiredClaims == null ? Map.of() : Map.copyOf(requiredClaims);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        public static IdentityProvider oidc(String name) {
            return new IdentityProvider(name, "oidc", null, null, "ACTIVE");
        }

        public IdentityProvider withStatus(String newStatus) {
            return new IdentityProvider(name, type, issuerUrl, clientId, newStatus, usernameClaim, usernamePrefix,
                    groupsClaim, groupsPrefix, requiredClaims, tags);
        }
    }

    /**
     * The AWS Organizations view of the fleet: a root, organisational units under it (each unit names its parent, a
     * root or unit id) and the member accounts with their parent and state (ACTIVE, SUSPENDED, PENDING_CLOSURE,
     * CLOSED). Only the management account and the delegated administrators may read it.
     */
    public record Organization(String id, String rootId, String managementAccountId, List<String> delegatedAdministrators,
                               List<Unit> units, List<Member> accounts) {
        public Organization {
            Objects.requireNonNull(id, "organization id");
            Objects.requireNonNull(rootId, "organization rootId");
            Objects.requireNonNull(managementAccountId, "organization managementAccountId");
            delegatedAdministrators = delegatedAdministrators == null ? List.of() : List.copyOf(delegatedAdministrators);
            units = units == null ? List.of() : List.copyOf(units);
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
        }

        public boolean readableBy(String accountId) {
            return managementAccountId.equals(accountId) || delegatedAdministrators.contains(accountId);
        }
    }

    public record Unit(String id, String name, String parent) {
        public Unit {
            Objects.requireNonNull(id, "unit id");
            Objects.requireNonNull(parent, "unit parent");
            name = name == null ? id : name;
        }
    }

    public record Member(String id, String name, String parent, String state) {
        public static final Set<String> STATES = Set.of("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED");

        public Member {
            Objects.requireNonNull(id, "member account id");
            Objects.requireNonNull(parent, "member parent");
            name = name == null ? "account-" + id : name;
            state = state == null ? "ACTIVE" : state;
            if (!STATES.contains(state)) throw new IllegalArgumentException("account " + id + ": state must be one of " + STATES);
        }
    }
}
