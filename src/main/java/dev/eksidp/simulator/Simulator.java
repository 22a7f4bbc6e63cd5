package dev.eksidp.simulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for EKS and STS on one loopback HTTP endpoint, for exercising the remediation
 * job against a whole fleet (accounts, regions, rate limits, slow updates, faults) without AWS.
 * Point an AWS SDK or the AWS CLI at {@link #endpoint()} with the fleet's hub keys.
 */
public final class Simulator implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorStats stats;
    private final CredentialStore credentials;
    private final EksState eksState;
    private final SimClock clock;
    private final Journal journal;
    private final StsApi sts;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Binds 127.0.0.1 only (the endpoint accepts the hub keys of a test fleet); port 0 picks a free port. */
    public static Simulator start(Fleet fleet, int port) {
        return new Simulator(fleet, port);
    }

    private Simulator(Fleet fleet, int port) {
        clock = new SimClock(fleet.clockSpeed());
        stats = new SimulatorStats();
        eksState = new EksState(fleet, clock.now());
        credentials = new CredentialStore(fleet.hub());
        journal = Journal.open(fleet.journal());
        sts = new StsApi(fleet, credentials, clock, stats);
        RequestHandler handler = new RequestHandler(fleet, credentials, clock, stats,
                new EksApi(eksState, clock, stats, fleet.updateDurationMs(), fleet.quirks()), sts, journal);
        keepIdleConnections();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            journal.close();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The temporary secret keys and session tokens issued so far, for tests that prove none leaked. */
    public List<String> issuedSecrets() {
        return credentials.issuedSecrets();
    }

    public SimulatorStats stats() {
        return stats;
    }

    /**
     * Moves the simulator's clock forward: updates in flight may complete, and credentials expire that their
     * holders, going by the Expiration they were given, still think valid.
     */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    /** ACTIVE, DELETING or CREATING as of now on the simulator clock; empty when the provider (or cluster) does not exist. */
    public Optional<String> providerStatus(String accountId, String region, String clusterName, String providerName) {
        ClusterState c = eksState.find(accountId, region, clusterName);
        if (c == null) return Optional.empty();
        return c.provider(providerName, clock.now()).map(p -> p.status);
    }

    /** The cluster's next {@code calls} identity provider changes (either way) meet an update already in progress. */
    public void makeBusy(String accountId, String region, String clusterName, int calls) {
        ClusterState c = eksState.find(accountId, region, clusterName);
        if (c == null) throw new IllegalArgumentException("no cluster " + accountId + "/" + region + "/" + clusterName);
        c.makeBusy(calls);
    }

    /** Every identity provider config on the cluster with every field and tag, as DescribeIdentityProviderConfig would give them now. */
    public List<Fleet.IdentityProvider> identityProviders(String accountId, String region, String clusterName) {
        ClusterState c = eksState.find(accountId, region, clusterName);
        if (c == null) return List.of();
        return c.providers(clock.now()).stream().map(ProviderState::describe).toList();
    }

    /** An operator's fix or mishap mid-test: the cluster's status (an update elsewhere ending, say) changes. */
    public void setClusterStatus(String accountId, String region, String clusterName, String status) {
        eksState.find(accountId, region, clusterName).status = status;
    }

    /** An operator's fix or mishap mid-test: the account's role trust starts or stops refusing the hub. */
    public void setDenied(String accountId, boolean refused) {
        sts.setDenied(accountId, refused);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        server.stop(0);
        executor.shutdownNow();
        journal.close();
    }

    /**
     * The JDK's HttpServer closes an idle keep-alive connection at once when 200 are already idle; a client with a
     * larger pool then reuses a socket the server has closed ("the target server failed to respond"), and a
     * 100,000-row benchmark run failed a row after 8 such tries. AWS endpoints keep idle connections open for a while:
     * so does the simulator. Read when the HttpServer implementation is first loaded, so unless already set.
     */
    private static void keepIdleConnections() {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
    }
}
