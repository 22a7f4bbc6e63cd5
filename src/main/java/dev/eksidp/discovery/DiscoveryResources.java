package dev.eksidp.discovery;

import dev.eksidp.stop.StopSignal;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RateLimiters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS clients of each discovery execution (the same credentials layer as remediation: one AssumeRole per
 * account, one EKS client and one adaptive limiter per (account, region)), created on first use and closed when
 * the job ends.
 */
public class DiscoveryResources implements JobExecutionListener {

    private record Resources(AwsSessions sessions, RegionScanner scanner, AccountRegionLister regions) {
    }

    /** ListRegions calls per second for the run (each call is in another account; one limiter keeps the total low). */
    private static final double LIST_REGIONS_RATE = 10;

    private final Map<Long, Resources> byExecution = new ConcurrentHashMap<>();
    private final Clock clock;

    public DiscoveryResources(Clock clock) {
        this.clock = clock;
    }

    public RegionScanner scanner(JobExecution execution) {
        return resources(execution).scanner();
    }

    public AccountRegionLister regions(JobExecution execution) {
        return resources(execution).regions();
    }

    private Resources resources(JobExecution execution) {
        return byExecution.computeIfAbsent(execution.getId(), id -> {
            DiscoverySettings s = DiscoverySettings.from(execution.getJobParameters());
            AwsSessions sessions = new AwsSessions(s.aws(), new StopSignal(), clock);
            RateLimiters limiters = new RateLimiters(s.eksRate(), Math.max(1, Math.ceil(s.eksRate())));
            return new Resources(sessions, new RegionScanner(sessions, limiters,
                    new ProviderMatcher(s.issuerUrl(), s.providerName()), s.maxAttempts(), s.backoffBase()),
                    new AccountRegionLister(sessions, new AdaptiveRateLimiter(LIST_REGIONS_RATE, LIST_REGIONS_RATE),
                            s.maxAttempts(), s.backoffBase()));
        });
    }

    @Override
    public void afterJob(JobExecution execution) {
        Resources r = byExecution.remove(execution.getId());
        if (r != null) {
            r.sessions().close();
        }
    }
}
