package dev.eksidp.cli;

import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data archive for the child JVMs of one test JVM, as the launcher keeps one for users: made once, by a
 * training apply against a simulator, then only read, so a child starts about a third faster (2.3 s to 1.5 s for a
 * small plan on this machine) and the crash and signal tests, which start dozens, take less time.
 *
 * <p>Only a build that says where to keep it (the system property below, one file per Failsafe fork) has one. It is
 * made again by every test JVM, so it always matches the class path it was made with; the children only read it,
 * so children running at the same time never write one file together.
 */
final class ChildClassArchive {

    static final String PROPERTY = "eksidp.test.child-class-archive";

    private static List<String> options;

    private ChildClassArchive() {
    }

    /** The JVM options that make a child read the archive; made on first use; none when it could not be made. */
    static synchronized List<String> options(List<String> jvmOptions) {
        if (options == null) {
            String file = System.getProperty(PROPERTY);
            options = file == null ? List.of() : make(Path.of(file), jvmOptions);
        }
        return options;
    }

    private static List<String> make(Path archive, List<String> jvmOptions) {
        try {
            Files.deleteIfExists(archive);
            Path work = Files.createTempDirectory("child-class-archive");
            Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
            Fleet fleet = Fleet.of(List.of(Fleet.Account.of("111111111111",
                    Fleet.Cluster.of("us-east-1", "prod", Fleet.IdentityProvider.oidc("okta")))));
            try (Simulator sim = Simulator.start(fleet, 0)) {
                Path targets = CliTestSupport.targets(work.resolve("targets.csv"),
                        List.of(CliTestSupport.row("111111111111", "us-east-1", "prod", "okta")));
                List<String> training = new ArrayList<>(jvmOptions);
                training.addFirst("-XX:ArchiveClassesAtExit=" + partial);
                Process p = CliTestSupport.child(work, sim, null, "training", training, "apply", "--yes",
                        "--targets", targets.toString(), "--report-dir", work.resolve("reports").toString()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (!Files.isRegularFile(partial)) {
                System.err.println("no class-data archive for child JVMs: the training run made none");
                return List.of();
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return List.of("-XX:SharedArchiveFile=" + archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
