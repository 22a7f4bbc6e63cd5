package dev.eksidp.job.remediation;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

import java.util.function.Function;

/**
 * The worker of a partitioned step: builds each partition's chunk step for that partition's own step execution,
 * so its reader, processor and writer get what they need through their constructors (the partition's rows, the
 * run's context) instead of looking it up per item.
 */
final class PartitionWorker implements Step {

    private final String name;
    private final Function<StepExecution, Step> stepFor;

    PartitionWorker(String name, Function<StepExecution, Step> stepFor) {
        this.name = name;
        this.stepFor = stepFor;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void execute(StepExecution partition) throws JobInterruptedException {
        stepFor.apply(partition).execute(partition);
    }
}
