package dev.eksidp.cli;

import dev.eksidp.job.RunParameters;
import dev.eksidp.job.RunSettings;
import dev.eksidp.job.SafetyRails;
import dev.eksidp.job.Shard;
import dev.eksidp.aws.BaseCredentialsException;

import dev.eksidp.aws.BaseIdentity;
import dev.eksidp.remediation.Mode;
import dev.eksidp.restore.RestoreInputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** plan and apply: check the options and the file, confirm (apply), then start a new run. */
final class RunStarter {

    private final CliEnvironment env;
    private final List<String> args;

    /** @param args the command line, to tell how to start the same run again */
    RunStarter(CliEnvironment env, List<String> args) {
        this.env = env;
        this.args = List.copyOf(args);
    }

    /**
     * What plan, apply and restore were given: their option groups, --max-targets (apply, restore), whether the run is
     * confirmed, and the plan it applies.
     */
    record Request(RunOptions options, WaitOptions waitOptions, SafetyRailOptions rails, Long maxTargets,
                   RepositoryOptions repository, AwsOptions aws, boolean confirmed, Path plan) {
    }

    int start(Mode mode, Request request, RunRecorder recorder) throws Exception {
        return start(mode, RunIds.next(env.clock()), request, recorder);
    }

    /**
     * restore: its targets are the chosen configs of the apply run, written into the restore's own report directory
     * (which depends on the run id) before the run starts, so that a resume finds them there.
     */
    int startRestore(RestoreInputs inputs, Request request, RunRecorder recorder) throws Exception {
        String runId = RunIds.next(env.clock());
        Path dir = request.options().reportDir(Mode.RESTORE, runId);
        ReportDirectory.claim(dir, request.options().force);
        new Confirmation(env).requirePossible(Mode.RESTORE, request.confirmed());
        boolean created = !Files.exists(dir);
        BatchContext.createOwnerOnly(dir);
        try {
            request.options().targets = inputs.write(dir);
        } catch (IOException e) {
            throw new UsageException("cannot write the restore's inputs into " + dir + ": " + e.getMessage());
        }
        try {
            return start(Mode.RESTORE, runId, request, recorder);
        } catch (UsageException | BusyException | BaseCredentialsException refused) {
            // Refused before its job existed: a refused run leaves no trace, and nothing can resume it.
            if (created) {
                inputs.remove(dir);
            }
            throw refused;
        }
    }

    /**
     * Local checks first (options, targets file, rails, report directory, job repository), then the pre-flight
     * (base credentials and who they are), then the confirmation: a run refused by any of them made no AWS call
     * past GetCallerIdentity, and none at all when refused locally.
     */
    private int start(Mode mode, String runId, Request request, RunRecorder recorder) throws Exception {
        RunOptions options = request.options();
        RepositoryOptions repository = request.repository();
        RunSettings settings = options.toSettings(mode, runId, request.waitOptions());
        Shard shard = options.shard(env.environment());
        Set<String> protectedAccounts = request.rails().protectedAccounts();
        Path reportDir = Path.of(settings.reportDir());
        ReportDirectory.claim(reportDir, options.force);
        SafetyRails rails = request.rails().toRails(protectedAccounts.isEmpty() ? null
                : keepProtectedList(reportDir, protectedAccounts), request.maxTargets());
        TargetPreview preview = TargetPreview.of(Path.of(settings.targetsFile()), protectedAccounts, rails.maxPerAccount(), shard,
                settings.allowUnknownRegions());
        if (mode != Mode.PLAN && rails.maxTargets() != null && preview.actionable() > rails.maxTargets()) {
            throw new UsageException(preview.actionable() + " rows would be acted on, more than --max-targets "
                    + rails.maxTargets() + "; nothing was done");
        }
        repository.checkWritable();
        if (mode != Mode.PLAN) {
            new Confirmation(env).requirePossible(mode, request.confirmed());
        }

        BaseIdentity identity = request.aws().preFlight(env);
        if (mode != Mode.PLAN) {
            String role = settings.roleArnTemplate() != null ? settings.roleArnTemplate() : "role/" + settings.roleName();
            new Confirmation(env).require(mode, preview, role, identity, request.confirmed());
        }
        String targetsSha256 = RunGuard.targetsSha256(settings);
        try (BatchContext batch = BatchContext.open(repository, env, settings.maxConcurrency());
             RunLocks locks = RunGuard.forStart(batch, repository, settings, shard, targetsSha256)) {
            if (request.plan() != null) {
                ApplyPlan.markApplied(request.plan(), settings.runId(), settings.reportDir(), env.clock());
            }
            return new RunLauncher(env, env.resumeHint(repository, request.aws()), recorder).start(batch, settings,
                    RunParameters.withOrigin(RunParameters.withIdentity(
                            new RunParameters(settings, rails, shard, targetsSha256).toJobParameters(), identity), env.origin()), args);
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
}
