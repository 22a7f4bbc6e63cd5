package dev.eksidp.job;

import dev.eksidp.aws.AwsSessions;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RateLimiters;
import dev.eksidp.remediation.Disassociator;
import dev.eksidp.remediation.EksGateways;
import dev.eksidp.remediation.Planner;
import dev.eksidp.remediation.RemovalRecorder;
import dev.eksidp.restore.RemovedConfig;
import dev.eksidp.restore.RemovedConfigStore;
import dev.eksidp.restore.RestoreInputs;
import dev.eksidp.restore.Restorer;
import dev.eksidp.remediation.TargetRemediator;
import dev.eksidp.remediation.UpdateWaiter;
import dev.eksidp.stop.StopSignal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.List;

/**
 * What the partitions of one job execution share: the AWS clients and cached credentials, and one rate limiter
 * per (account, region) bucket, so two partitions of the same account reuse one AssumeRole.
 */
public final class RunResources implements AutoCloseable {

    private final AwsSessions sessions;
    private final RateLimiters eksLimiters;
    private final TargetRemediator remediator;
    private final TargetRemediator busyRetrier;
    private final UpdateWaiter waiter;
    private final ErrorBudget errorBudget;

    /** @param shards how many processes share this run's hub identity (its --shard-count; 1 without shards) */
    RunResources(RunSettings settings, int shards, ErrorBudget errorBudget, StopSignal stop, Clock clock,
                 RemovedConfigStore removedConfigs) {
        this.errorBudget = errorBudget;
        this.sessions = new AwsSessions(settings.aws(shards), stop, clock);
        this.eksLimiters = new RateLimiters(settings.eksPolicy());
        EksGateways gateways = new EksGateways(sessions, eksLimiters, stop, clock);
        String runId = settings.runId();
        switch (settings.mode()) {
            case PLAN -> {
                this.remediator = new Planner(gateways, settings.retry(), stop);
                this.busyRetrier = remediator;
            }
            case APPLY -> {
                RemovalRecorder recorder = removedConfigs.recorder(runId, clock);
                this.remediator = new Disassociator(runId, gateways, settings.retry(), stop, clock, true, recorder);
                this.busyRetrier = new Disassociator(runId, gateways, settings.retry(), stop, clock, false, recorder);
            }
            case RESTORE -> {
                Map<String, RemovedConfig> configs = RestoreInputs.read(Path.of(settings.reportDir())).byKey();
                this.remediator = new Restorer(runId, configs, gateways, settings.retry(), stop, true);
                this.busyRetrier = new Restorer(runId, configs, gateways, settings.retry(), stop, false);
            }
            default -> throw new IllegalStateException("no remediator for " + settings.mode());
        }
        this.waiter = new UpdateWaiter(gateways);
    }

    public TargetRemediator remediator() {
        return remediator;
    }

    /** The second pass: rows deferred because their cluster was busy, now with backoff in place. */
    public TargetRemediator busyRetrier() {
        return busyRetrier;
    }

    public UpdateWaiter waiter() {
        return waiter;
    }

    public ErrorBudget errorBudget() {
        return errorBudget;
    }

    /** What the run's AWS sessions had to change (shorter session lengths, role chaining), for the summary. */
    public List<String> sessionNotes() {
        return sessions.sessionNotes();
    }

    public RateLimiters eksLimiters() {
        return eksLimiters;
    }

    public AdaptiveRateLimiter stsLimiter() {
        return sessions.stsLimiter();
    }

    @Override
    public void close() {
        sessions.close();
    }
}
