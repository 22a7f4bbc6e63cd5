package dev.eksidp.job.remediation;

import dev.eksidp.job.RunSettings;
import dev.eksidp.remediation.TargetResult;
import dev.eksidp.remediation.UpdateWaiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * apply --wait: polls DescribeUpdate for every accepted update, one round per call of the tasklet (each update
 * that ended is saved at once, and a restart continues polling), until every update ended or the wait timed out. The checks of a
 * round run concurrently, each paced by its own bucket's limiter.
 */
final class AwaitUpdatesTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(AwaitUpdatesTasklet.class);
    private static final String DEADLINE = "wait.deadline";
    private static final int PAGE = 500;

    private final TargetStore store;
    private final RunContext run;
    private final Clock clock;

    AwaitUpdatesTasklet(TargetStore store, RunContext run, Clock clock) {
        this.store = store;
        this.run = run;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        RunSettings settings = run.settings();
        if (!settings.waitForUpdates()) {
            return RepeatStatus.FINISHED;
        }
        ExecutionContext context = stepExecution.getExecutionContext();
        if (!context.containsKey(DEADLINE)) {
            context.putLong(DEADLINE, clock.millis() + settings.waitTimeout().toMillis());
        }
        Instant deadline = Instant.ofEpochMilli(context.getLong(DEADLINE));
        if (clock.instant().isAfter(deadline)) {
            // Only the outcome changes: the update's id, status, creation time and params stay in the report.
            store.markWaitTimedOut(settings.runId(), "the update was still InProgress when --wait-timeout ran out; "
                    + "check it with describe-update");
            return RepeatStatus.FINISHED;
        }
        UpdateWaiter waiter = run.waiter();
        long remaining = 0;
        long afterLine = 0;
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<TargetStore.AcceptedUpdate> page = store.inProgressUpdates(settings.runId(), afterLine, PAGE);
                 !page.isEmpty(); page = store.inProgressUpdates(settings.runId(), afterLine, PAGE)) {
                List<Future<Optional<TargetResult>>> futures = new ArrayList<>();
                for (TargetStore.AcceptedUpdate u : page) {
                    futures.add(checks.submit(() -> waiter.check(u.target(), u.updateId(), u.attempts(), u.outcome())));
                }
                List<TargetResult> ended = new ArrayList<>();
                for (Future<Optional<TargetResult>> f : futures) {
                    f.get().ifPresent(ended::add);
                }
                store.saveResults(settings.runId(), run.executionId(), ended);
                remaining += page.size() - ended.size();
                afterLine = page.getLast().target().line();
            }
        }
        if (remaining == 0) {
            return RepeatStatus.FINISHED;
        }
        log.info("Waiting for {} EKS updates still InProgress", remaining);
        // A stop ends the pause at once; the step then ends STOPPED and resume polls again.
        run.stop().sleep(settings.waitPollInterval());
        return RepeatStatus.CONTINUABLE;
    }
}
