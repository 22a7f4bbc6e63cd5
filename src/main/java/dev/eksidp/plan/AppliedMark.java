package dev.eksidp.plan;

import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * plan.applied: written into a sealed plan's directory when an apply of it is confirmed and about to start, so the
 * plan's record says it was applied and the same reviewed plan is not applied twice. It is not one of the sealed
 * files, so writing it leaves the seal intact.
 */
public final class AppliedMark {

    public static final String FILE_NAME = "plan.applied";

    private AppliedMark() {
    }

    public static void write(Path planDir, String applyRunId, String applyReportDir, Instant at) throws IOException {
        OwnerOnlyFiles.writeAtomically(planDir, FILE_NAME, "applied_by_run=" + applyRunId + "\napplied_at="
                + at.truncatedTo(ChronoUnit.SECONDS) + "\nreport_dir=" + applyReportDir + "\n");
    }

    /** The mark's content on one line ("applied_by_run=…, applied_at=…"), if the plan was applied. */
    public static Optional<String> read(Path planDir) throws IOException {
        Path file = planDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", Files.readAllLines(file)));
    }
}
