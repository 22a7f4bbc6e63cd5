package dev.eksidp.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/cron-run: exit codes passed through, output in a dated log, no overlapping runs. */
class CronRunScriptIT {

    @TempDir
    Path tmp;

    private Process cronRun(Path fake, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of("scripts/cron-run").toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cron-mail-" + System.nanoTime()).toFile());
        pb.environment().put("EKSIDP_LOG_DIR", tmp.resolve("logs").toString());
        pb.environment().put("EKSIDP_COMMAND", fake.toString());
        return pb.start();
    }

    private Path fake(String body) throws Exception {
        Path script = tmp.resolve("fake-" + System.nanoTime());
        Files.writeString(script, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void passesTheExitCodeOnAndLogsToADatedFile() throws Exception {
        Process p = cronRun(fake("echo \"ran with $*\"; echo oops >&2; exit 2"), "apply", "--job", "jobs/nightly-idp-hygiene.yml", "--yes");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        Path log = tmp.resolve("logs/nightly-idp-hygiene-" + LocalDate.now(ZoneOffset.UTC) + ".log");
        assertThat(log).content().contains("ran with apply --job jobs/nightly-idp-hygiene.yml --yes", "oops",
                "cron-run: end: exit 2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.resolveSibling(".nightly-idp-hygiene.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aSecondStartWhileTheFirstRunsExits75WithoutRunning() throws Exception {
        Path marker = tmp.resolve("second-ran");
        Process first = cronRun(fake("sleep 4; exit 0"), "apply", "--job=jobs/x.yml");
        Path log = tmp.resolve("logs/x-" + LocalDate.now(ZoneOffset.UTC) + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(log) && Files.readString(log).contains("start")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Process second = cronRun(fake("touch " + marker + "; exit 0"), "apply", "--job", "jobs/x.yml");
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(75);
        assertThat(marker).doesNotExist();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(log).content().contains("still running from an earlier start");
        // After the first has finished, the next start runs.
        Process third = cronRun(fake("touch " + marker + "; exit 0"), "apply", "--job", "jobs/x.yml");
        assertThat(third.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(third.exitValue()).isZero();
        assertThat(marker).exists();
    }
}
