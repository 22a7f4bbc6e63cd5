package dev.eksidp.simulator;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of the simulator with zero latency and no limits, driven by the real SDK (signing
 * and parsing included) from the same JVM, so client and server share the machine's cores.
 * Not a JUnit test (the name keeps surefire away); run:
 * {@code java -cp target/test-classes:target/classes:<deps> dev.eksidp.simulator.SimulatorBenchmark [threads] [seconds] [raw]}
 * ({@code raw}: unsigned GETs of the stats page instead, i.e. the HTTP server's own ceiling).
 */
public final class SimulatorBenchmark {
    public static void main(String[] args) throws Exception {
        // Without a logback configuration the SDK logs every request at DEBUG, which would be what we measure.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Fleet fleet = Fleet.of(List.of(Fleet.Account.of("111111111111", Fleet.Cluster.of("us-east-1", "bench", Fleet.IdentityProvider.oidc("idp")))));
        try (Simulator sim = Simulator.start(fleet, 0); SimClients clients = new SimClients(sim);
             SdkHttpClient http = Apache5HttpClient.builder().maxConnections(threads * 2).build()) {
            Credentials c = clients.assume("111111111111");
            EksClient eks = EksClient.builder().endpointOverride(sim.endpoint()).region(Region.US_EAST_1).httpClient(http)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
            Runnable call = () -> eks.describeCluster(r -> r.name("bench"));
            if (args.length > 2 && args[2].equals("raw")) {
                // Unsigned GET of the stats page through plain HttpURLConnection: the server's own ceiling.
                java.net.URL url = java.net.URI.create(sim.endpoint() + "/_sim/stats").toURL();
                call = () -> {
                    try {
                        var conn = (java.net.HttpURLConnection) url.openConnection();
                        try (var in = conn.getInputStream()) {
                            in.readAllBytes();
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
            }
            run(call, threads, 3, new LongAdder()); // warm-up: JIT and connection pool
            LATENCIES.clear();
            LongAdder done = new LongAdder();
            long t0 = System.nanoTime();
            run(call, threads, seconds, done);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Long> l = new ArrayList<>(LATENCIES);
            java.util.Collections.sort(l);
            System.out.printf("latency us: p50=%d p90=%d p99=%d max=%d%n", l.get(l.size() / 2), l.get(l.size() * 9 / 10), l.get(l.size() * 99 / 100), l.get(l.size() - 1));
            System.out.printf("threads=%d seconds=%.1f requests=%d throughput=%.0f req/s (%s, client in-process, cores=%d)%n",
                    threads, secs, done.sum(), done.sum() / secs,
                    args.length > 2 && args[2].equals("raw") ? "unsigned GET /_sim/stats, HttpURLConnection" : "signed DescribeCluster, AWS SDK v2", Runtime.getRuntime().availableProcessors());
            eks.close();
        }
    }

    private static final java.util.Queue<Long> LATENCIES = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static void run(Runnable call, int threads, int seconds, LongAdder done) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    call.run();
                    LATENCIES.add((System.nanoTime() - t) / 1000);
                    done.increment();
                }
            }));
        }
        for (Thread t : ts) t.join();
    }
}
