package dev.eksidp.cli;

import dev.eksidp.job.TargetStore;
import org.springframework.batch.core.job.JobExecution;

/**
 * Told by {@link RunLauncher} how a run ended, before the process may be halted (a SIGTERM'd run exits from the
 * shutdown hook right after): where the metrics file is written.
 */
interface RunRecorder {

    RunRecorder NONE = (store, execution, exitCode) -> {
    };

    void ended(TargetStore store, JobExecution execution, int exitCode);
}
