package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.SafetyRails;
import dev.eksidp.job.Shard;
import dev.eksidp.remediation.Mode;
import dev.eksidp.restore.RestoreInputs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** plan and apply: check the options and the file, confirm (apply), then start a new run. */
final class RunStarter {

    private final CliEnvironment env;
    private final Clock clock;
    private final List<String> args;

    /** @param args the command line, to tell how to start the same run again */
    RunStarter(CliEnvironment env, Clock clock, List<String> args) {
        this.env = env;
        this.clock = clock;
        this.args = List.copyOf(args);
    }

    int start(Mode mode, RunOptions options, WaitOptions wait, SafetyRailOptions railOptions,
              RepositoryOptions repository, boolean confirmed, RunRecorder recorder) throws Exception {
        return start(mode, RunIds.next(clock), options, wait, railOptions, repository, confirmed, recorder);
    }

    /**
     * restore: its targets are the chosen configs of the apply run, written into the restore's own report directory
     * (which depends on the run id) before the run starts, so that a resume finds them there.
     */
    int startRestore(RestoreInputs inputs, RunOptions options, WaitOptions wait, SafetyRailOptions railOptions,
                     RepositoryOptions repository, boolean confirmed, RunRecorder recorder) throws Exception {
        String runId = RunIds.next(clock);
        Path dir = options.reportDir(Mode.RESTORE, runId);
        BatchContext.createOwnerOnly(dir);
        try {
            options.targets = inputs.write(dir);
        } catch (IOException e) {
            throw new UsageException("cannot write the restore's inputs into " + dir + ": " + e.getMessage());
        }
        return start(Mode.RESTORE, runId, options, wait, railOptions, repository, confirmed, recorder);
    }

    private int start(Mode mode, String runId, RunOptions options, WaitOptions wait, SafetyRailOptions railOptions,
                      RepositoryOptions repository, boolean confirmed, RunRecorder recorder) throws Exception {
        RunSettings settings = options.toSettings(mode, runId, wait);
        Shard shard = options.shard(System.getenv());
        Set<String> protectedAccounts = railOptions.protectedAccounts();
        SafetyRails rails = railOptions.toRails(protectedAccounts.isEmpty() ? null
                : keepProtectedList(Path.of(settings.reportDir()), protectedAccounts));
        TargetPreview preview = TargetPreview.of(Path.of(settings.targetsFile()), protectedAccounts, rails.maxPerAccount(), shard,
                settings.allowUnknownRegions());
        if (mode != Mode.PLAN && rails.maxTargets() != null && preview.actionable() > rails.maxTargets()) {
            throw new UsageException(preview.actionable() + " rows would be acted on, more than --max-targets "
                    + rails.maxTargets() + "; nothing was done");
        }
        if (mode != Mode.PLAN) {
            String role = settings.roleArnTemplate() != null ? settings.roleArnTemplate() : "role/" + settings.roleName();
            new Confirmation(env).require(mode, preview, role, confirmed);
        }
        String targetsSha256 = RunGuard.targetsSha256(settings);
        try (BatchContext batch = BatchContext.open(repository, env.terminal(), settings.maxConcurrency());
             RunLocks locks = RunGuard.forStart(batch, repository, settings, shard, targetsSha256)) {
            return new RunLauncher(env, env.resumeHint(repository), recorder).start(batch, settings,
                    new RunParameters(settings, rails, shard, targetsSha256).toJobParameters(), args);
        }
    }

    /** The protected accounts as the run saw them, next to its reports, for the record and for the load step. */
    private static Path keepProtectedList(Path reportDir, Set<String> accounts) {
        BatchContext.createOwnerOnly(reportDir);
        Path file = reportDir.resolve("protected-accounts.txt");
        try {
            Files.write(file, accounts);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    PrintStream out() {
        return env.out();
    }

    Clock clock() {
        return clock;
    }
}
