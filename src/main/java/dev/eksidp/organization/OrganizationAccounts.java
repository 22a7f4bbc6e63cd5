package dev.eksidp.organization;

import com.opencsv.CSVReader;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.exceptions.CsvException;
import dev.eksidp.output.OwnerOnlyFiles;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts of an --organization run that were in scope but not ACTIVE, kept in the run's report directory
 * (organization-skipped.csv) when the account list is taken, so the summary names them also after a resume.
 */
public final class OrganizationAccounts {

    public static final String SKIPPED_FILE = "organization-skipped.csv";

    private OrganizationAccounts() {
    }

    public static void writeSkipped(Path reportDir, List<OrgAccount> skipped) throws IOException {
        OwnerOnlyFiles.writeAtomically(reportDir.resolve(SKIPPED_FILE), w -> {
            ICSVWriter csv = new CSVWriterBuilder(w).withLineEnd("\n").build();
            csv.writeNext(new String[] {"account_id", "name", "state"}, false);
            skipped.forEach(a -> csv.writeNext(new String[] {a.id(), a.name(), a.state()}, false));
            csv.flush();
        });
    }

    /** Empty when the run did not use --organization. */
    public static List<OrgAccount> skipped(Path reportDir) throws IOException {
        Path file = reportDir.resolve(SKIPPED_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<OrgAccount> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(r)) {
            List<String[]> rows = csv.readAll();
            for (String[] row : rows.subList(1, rows.size())) {
                out.add(new OrgAccount(row[0], row[1], row[2]));
            }
        } catch (CsvException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
