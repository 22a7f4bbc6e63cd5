package dev.eksidp.discovery;

import dev.eksidp.aws.AwsSessions;
import dev.eksidp.stop.StopSignal;

import java.time.Clock;

/**
 * One discovery job execution: its settings and AWS clients (the same credentials layer as remediation: one
 * AssumeRole per account, one EKS client per region, one adaptive limiter per (account, region)). Built once per
 * execution as a job-scoped bean and closed when the job ends.
 */
public final class DiscoveryRun implements AutoCloseable {

    private final DiscoverySettings settings;
    private final AwsSessions sessions;
    private final RegionScanner scanner;

    public DiscoveryRun(DiscoverySettings settings, Clock clock) {
        this.settings = settings;
        this.sessions = new AwsSessions(settings.aws(), new StopSignal(), clock);
        this.scanner = new RegionScanner(sessions, new ProviderMatcher(settings.issuerUrl(), settings.providerName()),
                settings.aws().retry());
    }

    public DiscoverySettings settings() {
        return settings;
    }

    public RegionScanner scanner() {
        return scanner;
    }

    @Override
    public void close() {
        sessions.close();
    }
}
