package dev.eksidp.job.remediation;

import dev.eksidp.job.RunSettings;
import dev.eksidp.plan.PlanSeal;
import dev.eksidp.remediation.Mode;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.nio.file.Path;
import java.time.Clock;

/** writeReports of a plan run: once plan.csv and plan.jsonl are in place, seals them in plan.sha256. */
record SealPlanTasklet(Tasklet writeReports, RunSettings settings, Clock clock) implements Tasklet {

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RepeatStatus status = writeReports.execute(contribution, chunkContext);
        if (settings.mode() == Mode.PLAN) {
            PlanSeal.write(Path.of(settings.reportDir()), settings.runId(), Path.of(settings.targetsFile()), clock.instant());
        }
        return status;
    }
}
