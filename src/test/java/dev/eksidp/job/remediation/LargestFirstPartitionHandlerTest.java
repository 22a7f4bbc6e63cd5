package dev.eksidp.job.remediation;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The remediate step starts its partitions with the most targets first, so the biggest bucket is never started last. */
class LargestFirstPartitionHandlerTest {

    private final JobExecution job = new JobExecution(1L, new JobInstance(1L, "eksIdpRemediation"), new JobParameters());

    private StepExecution partition(String key, Long targets) {
        StepExecution step = new StepExecution("remediatePartition:" + key, job);
        if (targets != null) {
            step.getExecutionContext().putLong(BucketPartitioner.TARGETS, targets);
        }
        return step;
    }

    @Test
    void mostTargetsFirstTiesByNameAndAPartitionWithoutItsCountLast() {
        List<StepExecution> given = List.of(partition("pack-00001", 7L), partition("b/eu-west-1", 12L),
                partition("lost", null), partition("a/eu-west-1", 12L), partition("c/eu-west-1", 30L));

        List<String> order = LargestFirstPartitionHandler.largestFirst(given).stream()
                .map(s -> BucketPartitioner.partitionKeyOf(s.getStepName())).toList();

        assertThat(order).containsExactly("c/eu-west-1", "a/eu-west-1", "b/eu-west-1", "pack-00001", "lost");
    }
}
