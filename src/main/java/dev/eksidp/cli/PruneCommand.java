package dev.eksidp.cli;

import dev.eksidp.housekeeping.H2Compaction;
import dev.eksidp.housekeeping.PrunePolicy;
import dev.eksidp.housekeeping.RunPruner;
import dev.eksidp.housekeeping.StoredRun;
import dev.eksidp.plan.PlanSeal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Command(name = "prune",
        description = {"Removes old runs from the job repository: their job executions (through Spring Batch's "
                + "JobRepository) and their staged rows. Only finished runs (COMPLETED, ABANDONED) unless "
                + "--include-unfinished: an unfinished run can still be resumed. A run whose lock a live process holds "
                + "(PostgreSQL) is kept. Report directories are not touched. An H2 file is compacted afterwards, so it "
                + "shrinks.", ""},
        exitCodeList = {"0:pruned (or nothing to prune)", "64:usage error, or not confirmed; nothing was removed",
                "75:another process holds the job repository (H2); nothing was removed"})
final class PruneCommand extends Subcommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    PruneCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--older-than", paramLabel = "DURATION", required = true,
            description = "Remove runs whose last execution ended longer ago than this: 90d, 36h, 1h30m, PT24H.")
    String olderThan;

    @Option(names = "--keep-last", paramLabel = "N", defaultValue = "0",
            description = "Keep the N newest runs whatever their age (default: ${DEFAULT-VALUE}).")
    int keepLast;

    @Option(names = "--include-unfinished", description = "Also remove old FAILED, STOPPED or never-ended runs (they can no longer be resumed).")
    boolean includeUnfinished;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        PrunePolicy policy = policy();
        String where = RunGuard.redacted(repository.url());
        List<String> removed = new ArrayList<>();
        long h2Before = H2Compaction.size(repository.url());
        try (BatchContext batch = BatchContext.open(repository, env, 1)) {
            RunPruner pruner = new RunPruner(batch.repository(), batch.bean(JdbcTemplate.class),
                    batch.bean(PlatformTransactionManager.class));
            List<StoredRun> all = pruner.runs();
            List<StoredRun> selected = policy.select(all, env.clock().instant());
            if (selected.isEmpty()) {
                env.out().printf("Nothing to prune in %s: %d runs, no %srun older than %s%s.%n", where, all.size(),
                        includeUnfinished ? "" : "finished ", olderThan, keepLast > 0 ? " beyond the newest " + keepLast : "");
                return ExitCodes.OK;
            }
            if (!yes && env.terminal()) {
                env.err().printf("About to remove %d of %d runs from %s:%n", selected.size(), all.size(), where);
                selected.forEach(r -> env.err().println("  " + describe(r)));
            }
            new Confirmation(env).requireYes("prune deletes runs from the job repository", yes);
            env.out().printf("%-16s %-8s %-9s %-20s %-10s %s%n", "EXECUTIONS", "MODE", "STATUS", "LAST ACTIVITY",
                    "ROWS", "RUN");
            long rows = 0;
            for (StoredRun run : selected) {
                // On a shared repository a process still working on the run holds its lock: leave that run alone.
                try (RunLocks lock = RunLocks.open(batch.bean(DataSource.class), repository.url())
                        .take(RunLocks.runLock(String.valueOf(run.runId())), "busy")) {
                    long deleted = pruner.delete(run);
                    rows += deleted;
                    removed.add(run.runId());
                    env.out().println(describe(run, deleted));
                } catch (BusyException e) {
                    env.out().println(describe(run) + "   kept: still running in another process");
                }
            }
            env.out().printf("Removed %d runs and %d staged rows from %s.%n", removed.size(), rows, where);
        }
        compactH2(h2Before);
        return ExitCodes.OK;
    }

    private PrunePolicy policy() {
        Duration age;
        try {
            age = PlanSeal.parseDuration(olderThan);
        } catch (RuntimeException e) {
            throw new UsageException("--older-than: " + e.getMessage());
        }
        try {
            return new PrunePolicy(age, keepLast, includeUnfinished);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** After the pool is closed: H2 gives the file's free pages back only when it is compacted alone. */
    private void compactH2(long before) {
        try {
            Optional<H2Compaction.Sizes> sizes = H2Compaction.compact(repository.url(), before);
            sizes.ifPresent(s -> env.out().printf("Compacted the H2 file: %s before pruning, %s now.%n", size(s.before()),
                    size(s.after())));
        } catch (SQLException e) {
            // The runs are gone either way; the file shrinks at the next compaction.
            env.err().println("warning: the H2 file was not compacted: " + (BatchContext.heldByAnotherProcess(e)
                    ? "another process (a run) has it open; a later prune that runs alone compacts it"
                    : e.getMessage()));
        }
    }

    private static String describe(StoredRun run) {
        return describe(run, -1);
    }

    private static String describe(StoredRun run, long rows) {
        String executions = run.executionIds().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("-");
        return "%-16s %-8s %-9s %-20s %-10s %s".formatted(executions, run.mode(), run.status(),
                TIME.format(run.lastActivity()), rows < 0 ? "" : Long.toString(rows), run.runId());
    }

    private static String size(long bytes) {
        return bytes < 1024 * 1024 ? "%d KiB".formatted(bytes / 1024) : "%.1f MiB".formatted(bytes / (1024.0 * 1024.0));
    }
}
