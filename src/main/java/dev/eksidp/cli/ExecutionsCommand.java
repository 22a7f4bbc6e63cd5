package dev.eksidp.cli;

import dev.eksidp.job.RemediationJobConfiguration;
import dev.eksidp.job.RunSettings;
import dev.eksidp.remediation.Outcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.format.DateTimeFormatter;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "executions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists recent runs, newest first: execution id, mode, status, start, end, counts by outcome, targets file.", ""})
final class ExecutionsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only runs whose last execution has this status: ${COMPLETION-CANDIDATES}.")
    BatchStatus status;

    @Mixin
    RepositoryOptions repository;

    private final CliEnvironment env;

    ExecutionsCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (BatchContext batch = BatchContext.open(repository, false, 1)) {
            var repo = batch.repository();
            env.out().printf("%-6s %-6s %-10s %-19s %-19s %-45s %s%n", "ID", "MODE", "STATUS", "START", "END", "OUTCOMES", "TARGETS");
            int shown = 0;
            int page = 0;
            while (shown < limit) {
                var instances = repo.getJobInstances(RemediationJobConfiguration.JOB_NAME, page * 100, 100);
                if (instances.isEmpty()) {
                    break;
                }
                for (JobInstance instance : instances) {
                    JobExecution e = repo.getLastJobExecution(instance);
                    if (e == null || status != null && e.getStatus() != status) {
                        continue;
                    }
                    RunSettings s = RunSettings.from(e.getJobParameters());
                    Map<Outcome, Long> counts = batch.store().countsByOutcome(s.runId());
                    env.out().printf("%-6d %-6s %-10s %-19s %-19s %-45s %s%n", e.getId(), s.mode().name().toLowerCase(),
                            e.getStatus(), time(e.getStartTime()), time(e.getEndTime()),
                            counts.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining(",")),
                            s.targetsFile());
                    if (++shown == limit) {
                        break;
                    }
                }
                page++;
            }
            if (shown == 0) {
                env.out().println("(no runs)");
            }
        }
        return ExitCodes.OK;
    }

    private static String time(LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
