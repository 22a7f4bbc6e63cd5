package dev.eksidp.cli;

import dev.eksidp.plan.AppliedMark;
import dev.eksidp.plan.PlanSeal;
import dev.eksidp.plan.PlanTargets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * apply --plan DIR: checks the plan's seal and age, then derives the targets file of the apply run from the
 * plan's WOULD_DISASSOCIATE rows (original line numbers kept). Any refusal is a usage error: nothing is done.
 */
final class ApplyPlan {

    static final String DEFAULT_MAX_AGE = "24h";

    private ApplyPlan() {
    }

    /** @return the derived targets file, written next to the plan directory as {@code <plan dir>.apply-targets.csv} */
    static Path targetsFor(Path planDir, String maxPlanAge, boolean force, Clock clock, PrintStream out) {
        if (!Files.isDirectory(planDir)) {
            throw new UsageException("--plan " + planDir + " is not a directory");
        }
        try {
            if (!force) {
                AppliedMark.read(planDir).ifPresent(mark -> {
                    throw new UsageException("plan " + planDir + " was already applied (" + mark + "); make a new "
                            + "plan, or --force to apply it again");
                });
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + planDir.resolve(AppliedMark.FILE_NAME) + ": " + e.getMessage());
        }
        Duration maxAge;
        try {
            maxAge = PlanSeal.parseDuration(maxPlanAge);
        } catch (RuntimeException e) {
            throw new UsageException("--max-plan-age: " + e.getMessage());
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new UsageException("--max-plan-age must be > 0");
        }
        PlanSeal.Sealed seal;
        try {
            seal = PlanSeal.check(planDir, maxAge, clock.instant());
        } catch (PlanSeal.Refused e) {
            throw new UsageException("plan refused: " + e.getMessage());
        }
        Path dir = planDir.toAbsolutePath().normalize();
        Path derived = dir.resolveSibling(dir.getFileName() + ".apply-targets.csv");
        try {
            PlanTargets.Derived d = PlanTargets.derive(dir, seal, derived);
            out.printf("Plan %s (written %s) checked: %d WOULD_DISASSOCIATE row(s) to apply, targets in %s%n",
                    seal.runId(), seal.writtenAt(), d.rows(), derived);
            if (!d.roleArnsFromOriginal()) {
                out.printf("Note: the plan's targets file %s is gone or changed; rows use --role-name/--role-arn-template.%n",
                        seal.targetsFile());
            }
        } catch (IOException e) {
            throw new UsageException("cannot derive targets from the plan: " + e.getMessage());
        }
        return derived;
    }

    /** Once apply is confirmed: the plan's directory records that this run applies it. */
    static void markApplied(Path planDir, String runId, String reportDir, Clock clock) {
        try {
            AppliedMark.write(planDir, runId, reportDir, clock.instant());
        } catch (IOException e) {
            throw new UsageException("cannot mark " + planDir + " as applied (" + e.getMessage() + "); nothing was done");
        }
    }
}
