package dev.eksidp.cli;

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
    static Path targetsFor(Path planDir, Path targets, String maxPlanAge, Clock clock, PrintStream out) {
        if (targets != null) {
            throw new UsageException("--plan and --targets cannot be used together: apply --plan applies the plan's rows");
        }
        if (!Files.isDirectory(planDir)) {
            throw new UsageException("--plan " + planDir + " is not a directory");
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
}
