package dev.eksidp.job.remediation;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.ratelimit.RateLimiters;
import dev.eksidp.remediation.AttemptLoop;
import dev.eksidp.remediation.Disassociator;
import dev.eksidp.remediation.EksGateways;
import dev.eksidp.remediation.NextTries;
import dev.eksidp.remediation.Planner;
import dev.eksidp.remediation.RemediationPass;
import dev.eksidp.remediation.TargetRemediator;
import dev.eksidp.remediation.UpdateWaiter;
import dev.eksidp.restore.RemovedConfigStore;
import dev.eksidp.restore.RestoreInputs;
import dev.eksidp.restore.Restorer;
import dev.eksidp.stop.StopSignal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * One remediation job execution: its decoded parameters, its stop signal, its error budget, and its AWS side (the
 * clients and cached credentials, one rate limiter per (account, region) bucket, so two partitions of the same
 * account reuse one AssumeRole). Built once per execution as a job-scoped bean and closed when the job ends; the
 * steps' components get it (or what they need of it) through their constructors.
 *
 * <p>The error budget and the AWS side are made on first use: the budget counts the rows the load step staged, and
 * loading (which may be stopped and started again) needs no AWS client.
 */
public final class RunContext implements AutoCloseable {

    /** What remediation uses of AWS. */
    private record Aws(AwsSessions sessions, TargetRemediator remediator, TargetRemediator busyRetrier, UpdateWaiter waiter) {
    }

    private final RunParameters parameters;
    private final long executionId;
    private final StopSignal stop;
    private final Supplier<ErrorBudget> budgetOnceLoaded;
    private final Clock clock;
    private final RemovedConfigStore removedConfigs;
    private final NextTries nextTries = new NextTries();
    private ErrorBudget errorBudget;
    private Aws aws;
    private RestoreInputs restoreInputs;

    RunContext(RunParameters parameters, long executionId, Supplier<ErrorBudget> budgetOnceLoaded, StopSignal stop,
               Clock clock, RemovedConfigStore removedConfigs) {
        this.parameters = parameters;
        this.executionId = executionId;
        this.budgetOnceLoaded = budgetOnceLoaded;
        this.stop = stop;
        this.clock = clock;
        this.removedConfigs = removedConfigs;
    }

    public RunParameters parameters() {
        return parameters;
    }

    public RunSettings settings() {
        return parameters.settings();
    }

    /** The job execution this context is of: a row's outcome records which execution settled it. */
    public long executionId() {
        return executionId;
    }

    public String runId() {
        return parameters.settings().runId();
    }

    public StopSignal stop() {
        return stop;
    }

    public synchronized ErrorBudget errorBudget() {
        if (errorBudget == null) {
            errorBudget = budgetOnceLoaded.get();
        }
        return errorBudget;
    }

    public TargetRemediator remediator() {
        return aws().remediator();
    }

    /** The second pass: rows deferred because their cluster was busy, now with backoff in place. */
    public TargetRemediator busyRetrier() {
        return aws().busyRetrier();
    }

    /** The targets backing off right now and when the soonest is tried again, for the progress line. */
    public NextTries nextTries() {
        return nextTries;
    }

    public UpdateWaiter waiter() {
        return aws().waiter();
    }

    /** What the run's AWS sessions had to change (shorter session lengths, role chaining), for the summary. */
    public List<String> sessionNotes() {
        return aws().sessions().sessionNotes();
    }

    public RateLimiters eksLimiters() {
        return aws().sessions().eksLimiters();
    }

    public AdaptiveRateLimiter stsLimiter() {
        return aws().sessions().stsLimiter();
    }

    private synchronized Aws aws() {
        if (aws == null) {
            RunSettings settings = parameters.settings();
            // Every shard of a run assumes roles as the same hub identity, so they divide its STS rate.
            AwsSessions sessions = new AwsSessions(settings.aws(parameters.shard().count()), stop, clock);
            EksGateways gateways = new EksGateways(sessions);
            aws = new Aws(sessions, remediator(settings, gateways, true), remediator(settings, gateways, false),
                    new UpdateWaiter(gateways));
        }
        return aws;
    }

    /** @param firstPass the first pass defers a busy cluster's row; the second backs off in place */
    private TargetRemediator remediator(RunSettings settings, EksGateways gateways, boolean firstPass) {
        RemediationPass pass = new RemediationPass(settings.runId(), gateways, loop(settings), firstPass);
        return switch (settings.mode()) {
            case PLAN -> new Planner(gateways, pass.loop());
            case APPLY -> new Disassociator(pass, clock, removedConfigs.recorder(settings.runId(), clock));
            case RESTORE -> new Restorer(pass, restoreInputs().byKey());
        };
    }

    /** A restore run's inputs, read once from its report directory, where its command put them before it started. */
    public synchronized RestoreInputs restoreInputs() {
        if (restoreInputs == null) {
            restoreInputs = RestoreInputs.read(Path.of(parameters.settings().reportDir()));
        }
        return restoreInputs;
    }

    private AttemptLoop loop(RunSettings settings) {
        return new AttemptLoop(settings.retry(), stop, nextTries);
    }

    @Override
    public synchronized void close() {
        if (aws != null) {
            aws.sessions().close();
        }
    }
}
