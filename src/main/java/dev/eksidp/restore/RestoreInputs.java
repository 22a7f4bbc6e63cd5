package dev.eksidp.restore;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore run works from, in its own report directory so that a resume finds it there: the chosen configs
 * (restore-configs.json) and the same rows as a targets file (restore-targets.csv) for the job's load step.
 *
 * @param source the apply run's report directory the configs come from
 */
public record RestoreInputs(String source, String sourceRunId, List<RemovedConfig> configs) {

    public static final String TARGETS_FILE = "restore-targets.csv";
    public static final String CONFIGS_FILE = "restore-configs.json";

    public RestoreInputs {
        configs = List.copyOf(configs);
    }

    public Map<String, RemovedConfig> byKey() {
        Map<String, RemovedConfig> out = new LinkedHashMap<>();
        configs.forEach(c -> out.put(c.key(), c));
        return out;
    }

    /** Writes both files into the restore run's directory (owner-only); returns the targets file. */
    public Path write(Path restoreDir) throws IOException {
        OwnerOnlyFiles.writeAtomically(restoreDir, CONFIGS_FILE, RemovedConfigsFile.JSON.writeValueAsString(this) + "\n");
        StringWriter csv = new StringWriter();
        try (ICSVWriter w = new CSVWriterBuilder(csv).withLineEnd("\n").build()) {
            w.writeNext(new String[] {"account_id", "region", "cluster_name", "provider_type", "provider_name", "role_arn"}, false);
            configs.forEach(c -> w.writeNext(new String[] {c.accountId(), c.region(), c.clusterName(), c.type(), c.name(),
                    c.roleArn() == null ? "" : c.roleArn()}, false));
        }
        OwnerOnlyFiles.writeAtomically(restoreDir, TARGETS_FILE, csv.toString());
        return restoreDir.resolve(TARGETS_FILE);
    }

    /** Takes back what {@link #write} put into a directory it created, once the run it was for was refused. */
    public void remove(Path restoreDir) {
        try {
            Files.deleteIfExists(restoreDir.resolve(CONFIGS_FILE));
            Files.deleteIfExists(restoreDir.resolve(TARGETS_FILE));
            Files.deleteIfExists(restoreDir);
        } catch (IOException e) {
            // Best effort: the files are owner-only, and the next restore gets a new directory.
        }
    }

    public static RestoreInputs read(Path restoreDir) {
        try {
            return RemovedConfigsFile.JSON.readValue(restoreDir.resolve(CONFIGS_FILE).toFile(), RestoreInputs.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the restore's inputs in " + restoreDir + ": " + e.getMessage(), e);
        }
    }
}
