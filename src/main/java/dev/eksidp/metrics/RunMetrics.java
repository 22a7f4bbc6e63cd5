package dev.eksidp.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * What the metrics file says about one command (plan, apply, resume, verify).
 *
 * @param mode     the run's mode (plan, apply) or the command (verify, or resume when no run was found)
 * @param runId    null when the command ended before a run started
 * @param rows     rows per outcome (verify: per verdict)
 * @param aws      AWS calls and throttles per service during the command
 * @param exitCode the process's exit code
 */
public record RunMetrics(String mode, String runId, Map<String, Long> rows, double durationSeconds,
                         Map<String, AwsCallCounter.Counts> aws, int exitCode, Instant end) {

    public RunMetrics {
        rows = Map.copyOf(rows);
        aws = Map.copyOf(aws);
    }

    /** The run finished (0 clean, 2 rows need attention): what "a successful run" means for alerting. */
    public boolean finished() {
        return exitCode == 0 || exitCode == 2;
    }
}
