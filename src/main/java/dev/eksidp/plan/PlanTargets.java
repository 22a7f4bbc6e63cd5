package dev.eksidp.plan;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import dev.eksidp.output.JsonLines;
import dev.eksidp.output.OwnerOnlyFiles;
import dev.eksidp.targets.TargetFileReader;
import dev.eksidp.targets.TargetRow;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a reviewed plan into the targets file of {@code apply --plan}: exactly its WOULD_DISASSOCIATE rows (read
 * from plan.jsonl, which holds the values unescaped), each on its original line number, so the apply report's
 * {@code line} column points at the same input line as the plan's. The lines in between are left blank (the
 * targets reader skips blank lines). A row's role_arn is taken from the original targets file when that file is
 * still there, unchanged since the plan (same SHA-256); otherwise the run's --role-name / --role-arn-template apply.
 */
public final class PlanTargets {

    public record Derived(Path file, long rows, boolean roleArnsFromOriginal) {
    }

    private PlanTargets() {
    }

    public static Derived derive(Path planDir, PlanSeal.Sealed seal, Path out) throws IOException {
        Map<Long, String> roleArns = roleArns(seal);
        long[] rows = {0};
        OwnerOnlyFiles.writeAtomically(out, w -> {
            w.write("account_id,region,cluster_name,provider_type,provider_name,role_arn\n");
            long[] physicalLine = {2};
            JsonLines.forEach(planDir.resolve("plan.jsonl"), o -> {
                if (!"WOULD_DISASSOCIATE".equals(o.path("outcome").asText())) {
                    return;
                }
                long target = o.path("line").asLong();
                if (target < physicalLine[0]) {
                    throw new IOException("plan.jsonl line numbers are not increasing at line " + target);
                }
                for (; physicalLine[0] < target; physicalLine[0]++) {
                    w.write('\n');
                }
                String row = csvRow(o.path("account_id").asText(), o.path("region").asText(),
                        o.path("cluster_name").asText(), o.path("provider_type").asText(),
                        o.path("provider_name").asText(), roleArns.getOrDefault(target, ""));
                w.write(row);
                physicalLine[0] += row.chars().filter(c -> c == '\n').count();
                rows[0]++;
            });
        });
        return new Derived(out, rows[0], !roleArns.isEmpty() || originalUnchanged(seal));
    }

    private static String csvRow(String... cells) {
        StringWriter s = new StringWriter();
        try (ICSVWriter csv = new CSVWriterBuilder(s).withLineEnd("\n").build()) {
            csv.writeNext(cells, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    private static boolean originalUnchanged(PlanSeal.Sealed seal) {
        try {
            return Files.isRegularFile(seal.targetsFile()) && PlanSeal.sha256(seal.targetsFile()).equals(seal.targetsSha256());
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<Long, String> roleArns(PlanSeal.Sealed seal) {
        Map<Long, String> arns = new HashMap<>();
        if (!originalUnchanged(seal)) {
            return arns;
        }
        try (TargetFileReader reader = TargetFileReader.open(seal.targetsFile())) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                if (row.roleArn() != null && !row.roleArn().isBlank()) {
                    arns.put(row.line(), row.roleArn());
                }
            }
        } catch (Exception e) {
            arns.clear();
        }
        return arns;
    }
}
