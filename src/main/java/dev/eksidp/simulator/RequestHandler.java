package dev.eksidp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP front: reads a request, works out service and operation, then applies the pipeline
 * every real call goes through: authenticate (SigV4), rate-limit on arrival, inject faults,
 * wait the simulated latency, and only then touch state. Throttled and faulted calls never
 * reach the state, so they cannot change anything.
 */
final class RequestHandler implements HttpHandler {
    private static final String STATS_PATH = "/_sim/stats";

    private final ObjectMapper json = new ObjectMapper();
    private final CredentialStore credentials;
    private final SimClock clock;
    private final SimulatorStats stats;
    private final EksApi eks;
    private final StsApi sts;
    private final OrganizationsApi organizations;
    private final AccountApi accountApi;
    private final SsoApi sso;
    private final String hubAccountId;
    /** Each account's opt-in regions: an EKS call signed for one it has not enabled is refused as AWS refuses it. */
    private final Map<String, Fleet.Account> accounts = new HashMap<>();
    private final RateLimits eksLimits;
    private final RateLimits stsLimits;
    private final RateLimits organizationsLimits;
    private final RateLimits accountLimits;
    private final FaultInjector faults;
    private final Fleet.Latency latency;
    private final Journal journal;
    /** ThrottlingException, or TooManyRequestsException as real EKS also answers (fleet quirks). */
    private final String throttleCode;

    RequestHandler(Fleet fleet, CredentialStore credentials, SimClock clock, SimulatorStats stats, EksApi eks, StsApi sts, Journal journal) {
        this.credentials = credentials;
        this.clock = clock;
        this.stats = stats;
        this.eks = eks;
        this.sts = sts;
        this.organizations = new OrganizationsApi(fleet.organization());
        this.accountApi = new AccountApi(fleet);
        this.sso = new SsoApi(fleet, credentials, clock);
        this.hubAccountId = fleet.hub().accountId();
        fleet.accounts().forEach(a -> accounts.put(a.id(), a));
        this.eksLimits = new RateLimits(fleet.limits().eks());
        this.stsLimits = new RateLimits(fleet.limits().sts());
        this.organizationsLimits = new RateLimits(fleet.limits().organizations());
        this.accountLimits = new RateLimits(fleet.limits().account());
        this.faults = new FaultInjector(fleet.faults());
        this.latency = fleet.latencyMs();
        this.journal = journal;
        this.throttleCode = fleet.quirks().throttleCode();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            SimRequest request = read(exchange);
            if (request.method().equals("GET") && request.rawPath().equals(STATS_PATH)) {
                send(exchange, 200, "application/json", json.writeValueAsBytes(stats.toMap()), Map.of());
                return;
            }
            if (request.method().equals("GET") && request.rawPath().equals(SsoApi.PATH)) {
                handleSso(exchange, request);
                return;
            }
            SigV4Authorization auth = SigV4Authorization.parse(request.header("authorization"));
            if (isSts(request, auth)) {
                handleSts(exchange, request, auth);
            } else if (isOrganizations(request, auth)) {
                handleOrganizations(exchange, request, auth);
            } else if (isAccount(request, auth)) {
                handleAccount(exchange, request, auth);
            } else {
                handleEks(exchange, request, auth);
            }
        } catch (RuntimeException e) {
            // A simulator bug must still answer, or the client would blame the network.
            send(exchange, 500, "application/json",
                    ("{\"message\":\"simulator internal error: " + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8),
                    Map.of("x-amzn-ErrorType", "ServerException"));
        }
    }

    private static boolean isSts(SimRequest request, SigV4Authorization auth) {
        if (auth != null) return auth.service().equals("sts");
        String ct = request.header("content-type");
        return ct != null && ct.startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isOrganizations(SimRequest request, SigV4Authorization auth) {
        if (auth != null) return auth.service().equals("organizations");
        String target = request.header("x-amz-target");
        return target != null && target.startsWith(OrganizationsApi.TARGET_PREFIX);
    }

    private static boolean isAccount(SimRequest request, SigV4Authorization auth) {
        if (auth != null) return auth.service().equals("account");
        return request.rawPath().equals(AccountApi.LIST_REGIONS_PATH);
    }

    // ---------------- Organizations (JSON 1.1) ----------------

    private void handleOrganizations(HttpExchange exchange, SimRequest request, SigV4Authorization auth) throws IOException {
        String target = request.header("x-amz-target");
        String operation = target != null && target.startsWith(OrganizationsApi.TARGET_PREFIX)
                ? target.substring(OrganizationsApi.TARGET_PREFIX.length()) : "Unknown";
        String region = auth == null ? null : auth.region();
        String caller = null;
        try {
            Principal p = authenticate(request, auth, false);
            caller = p.accountId();
            if (!organizationsLimits.tryAcquire(caller)) {
                throw OrganizationsApi.error("TooManyRequestsException", "AWS Organizations can't complete your request because "
                        + "another request is already in progress. Try again later.");
            }
            sleepLatency();
            Map<String, Object> result = organizations.handle(operation, p, request.body().length == 0 ? null : parseJson(request.body()));
            send(exchange, 200, "application/x-amz-json-1.1", json.writeValueAsBytes(result), Map.of());
            finish("organizations", operation, caller, region, 200, null);
        } catch (ApiException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("__type", e.code());
            body.put("Message", e.getMessage());
            send(exchange, e.status(), "application/x-amz-json-1.1", json.writeValueAsBytes(body), Map.of());
            finish("organizations", operation, caller, region, e.status(), e.code());
        }
    }

    // ---------------- Account Management (rest-json) ----------------

    private void handleAccount(HttpExchange exchange, SimRequest request, SigV4Authorization auth) throws IOException {
        boolean listRegions = request.method().equals("POST") && request.rawPath().equals(AccountApi.LIST_REGIONS_PATH);
        String operation = listRegions ? "ListRegions" : "Unknown";
        String region = auth == null ? null : auth.region();
        String subject = null;
        try {
            Principal p = authenticate(request, auth, false);
            subject = p.accountId();
            if (!listRegions) {
                throw new ApiException(404, "UnknownOperationException", "No operation matches " + request.method() + " " + request.rawPath());
            }
            JsonNode body = request.body().length == 0 ? null : parseJson(request.body());
            subject = accountApi.subject(p, body);
            if (!accountLimits.tryAcquire(subject)) {
                throw new ApiException(429, "TooManyRequestsException", "Rate exceeded");
            }
            sleepLatency();
            sendJson(exchange, 200, accountApi.listRegions(subject, body), Map.of());
            finish("account", operation, subject, region, 200, null);
        } catch (ApiException e) {
            sendJson(exchange, e.status(), Map.of("message", e.getMessage()), Map.of("x-amzn-ErrorType", e.code()));
            finish("account", operation, subject, region, e.status(), e.code());
        }
    }

    // ---------------- IAM Identity Center portal (rest-json, bearer token) ----------------

    private void handleSso(HttpExchange exchange, SimRequest request) throws IOException {
        try {
            sleepLatency();
            sendJson(exchange, 200, sso.getRoleCredentials(request.header("x-amz-sso_bearer_token"),
                    QueryParams.parse(request.rawQuery())), Map.of());
            finish("sso", "GetRoleCredentials", hubAccountId, null, 200, null);
        } catch (ApiException e) {
            sendJson(exchange, e.status(), Map.of("message", e.getMessage()), Map.of("x-amzn-ErrorType", e.code()));
            finish("sso", "GetRoleCredentials", null, null, e.status(), e.code());
        }
    }

    // ---------------- EKS ----------------

    private void handleEks(HttpExchange exchange, SimRequest request, SigV4Authorization auth) throws IOException {
        stats.eksCall();
        EksRoute route = EksRoute.of(request.method(), request.rawPath());
        String operation = route == null ? "Unknown" : route.operation();
        String region = auth == null ? null : auth.region();
        String account = null;
        try {
            Principal caller = authenticate(request, auth, false);
            account = caller.accountId();
            Fleet.Account member = accounts.get(account);
            if (member != null && region != null && !member.enabled(region)) {
                // What AWS answers in an opt-in region the account has not enabled: its credentials do not exist there.
                throw Errors.eks(403, "UnrecognizedClientException", "The security token included in the request is invalid.", null);
            }
            stats.eksArrival(account, region);
            if (!eksLimits.tryAcquire(account + "|" + region)) {
                stats.eksThrottle();
                throw Errors.eks(429, throttleCode, "Rate exceeded", route == null ? null : route.cluster());
            }
            if (route == null) {
                throw Errors.eks(404, "UnknownOperationException", "No operation matches " + request.method() + " " + request.rawPath(), null);
            }
            FaultInjector.Fault fault = faults.next();
            sleepLatency();
            if (fault == FaultInjector.Fault.DROP_CONNECTION) {
                stats.connectionDropped();
                stats.call(operation, 0);
                journal.record("eks", operation, account, region, 0, "ConnectionDropped");
                // Closing the exchange before sending headers makes HttpServer close the socket:
                // the client sees the connection end with no response, as with a network fault.
                exchange.close();
                return;
            }
            if (fault == FaultInjector.Fault.SERVER_ERROR) {
                stats.serverErrorInjected();
                throw Errors.eks(500, "ServerException", "An internal error occurred (injected by the simulator).", route.cluster());
            }
            JsonNode body = request.body().length == 0 ? null : parseJson(request.body());
            Map<String, Object> result = eks.handle(route, caller, region, QueryParams.parse(request.rawQuery()), body);
            if (fault == FaultInjector.Fault.LOSE_RESPONSE && operation.endsWith("IdentityProviderConfig")
                    && !operation.startsWith("Describe")) {
                // The change is made; its answer never arrives.
                stats.connectionDropped();
                stats.call(operation, 0);
                journal.record("eks", operation, account, region, 0, "ResponseLost");
                exchange.close();
                return;
            }
            sendJson(exchange, 200, result, Map.of());
            finish("eks", operation, account, region, 200, null);
        } catch (ApiException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", e.getMessage());
            if (e instanceof Errors.EksException ee && ee.clusterName() != null) body.put("clusterName", ee.clusterName());
            sendJson(exchange, e.status(), body, Map.of("x-amzn-ErrorType", e.code()));
            finish("eks", operation, account, region, e.status(), e.code());
        }
    }

    private JsonNode parseJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw Errors.eks(400, "InvalidParameterException", "The request body is not valid JSON.", null);
        }
    }

    // ---------------- STS ----------------

    private void handleSts(HttpExchange exchange, SimRequest request, SigV4Authorization auth) throws IOException {
        stats.stsArrival();
        Map<String, String> params = new HashMap<>(QueryParams.parse(request.rawQuery()));
        QueryParams.parse(new String(request.body(), StandardCharsets.UTF_8)).forEach(params::putIfAbsent);
        String action = params.getOrDefault("Action", "Unknown");
        String region = auth == null ? null : auth.region();
        String account = null;
        String requestId = UUID.randomUUID().toString();
        try {
            // The web identity exchange is unsigned: the token is the proof, as in AWS.
            Principal caller = action.equals("AssumeRoleWithWebIdentity") ? null : authenticate(request, auth, true);
            account = caller == null ? hubAccountId : caller.accountId();
            if (!stsLimits.tryAcquire(caller == null ? "web-identity" : caller.accessKeyId())) {
                stats.stsThrottle();
                throw Errors.sts(400, "Throttling", "Rate exceeded");
            }
            sleepLatency();
            String xml = sts.handle(action, caller, region, params, requestId);
            send(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), Map.of("x-amzn-RequestId", requestId));
            finish("sts", action, account, region, 200, null);
        } catch (ApiException e) {
            send(exchange, e.status(), "text/xml", StsApi.errorXml(e, requestId).getBytes(StandardCharsets.UTF_8), Map.of("x-amzn-RequestId", requestId));
            finish("sts", action, account, region, e.status(), e.code());
        }
    }

    // ---------------- shared ----------------

    /** SigV4 and session-token checks; error codes differ by service as in the real APIs. */
    private Principal authenticate(SimRequest request, SigV4Authorization auth, boolean sts) {
        if (auth == null) {
            stats.authFailure();
            throw sts ? Errors.sts(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                    : Errors.eks(403, "MissingAuthenticationTokenException", "Missing Authentication Token", null);
        }
        Principal p = credentials.lookup(auth.accessKeyId());
        String token = request.header("x-amz-security-token");
        boolean tokenOk = p != null && (p.hub() ? token == null : p.sessionToken().equals(token));
        if (!tokenOk) {
            stats.authFailure();
            throw sts ? Errors.sts(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
                    : Errors.eks(403, "UnrecognizedClientException", "The security token included in the request is invalid.", null);
        }
        if (!SigV4Verifier.verify(request, auth, p.secretAccessKey())) {
            stats.authFailure();
            String msg = "The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
            throw sts ? Errors.sts(403, "SignatureDoesNotMatch", msg) : Errors.eks(403, "InvalidSignatureException", msg, null);
        }
        if (p.expired(clock.now())) {
            stats.authFailure();
            throw sts ? Errors.sts(400, "ExpiredToken", "The security token included in the request is expired")
                    : Errors.eks(403, "ExpiredTokenException", "The security token included in the request is expired", null);
        }
        return p;
    }

    private void sleepLatency() {
        long ms = latency.max() <= latency.min() ? latency.min() : ThreadLocalRandom.current().nextLong(latency.min(), latency.max() + 1);
        if (ms <= 0) return;
        try {
            // Handlers run on virtual threads: sleeping here parks, it does not hold a platform thread.
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(String service, String operation, String account, String region, int status, String errorCode) {
        stats.call(operation, status);
        journal.record(service, operation, account, region, status, errorCode);
    }

    private static SimRequest read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
            var all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        var uri = exchange.getRequestURI();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        return new SimRequest(exchange.getRequestMethod(), path, uri.getRawQuery(), headers, body);
    }

    private void sendJson(HttpExchange exchange, int status, Object body, Map<String, String> headers) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body), headers);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        if (!headers.containsKey("x-amzn-RequestId")) h.set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach(h::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }
}
