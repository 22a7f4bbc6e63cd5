package dev.eksidp.cli;

import dev.eksidp.job.remediation.TargetStore;
import org.springframework.batch.core.job.JobExecution;

/** Told by {@link RunLauncher} how a run ended, stopped runs included: where the metrics file is written. */
interface RunRecorder {

    RunRecorder NONE = (store, execution, exitCode) -> {
    };

    void ended(TargetStore store, JobExecution execution, int exitCode);
}
