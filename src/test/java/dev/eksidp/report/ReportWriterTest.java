package dev.eksidp.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReportWriterTest {

    @TempDir
    Path tmp;

    static ReportRecord record(String providerName, Outcome outcome, String errorMessage) {
        return new ReportRecord(7, "111111111111", "us-east-1", "prod-a", "oidc", providerName, outcome,
                "upd-1", "InProgress", null, errorMessage, 2, Instant.parse("2025-01-02T03:04:05Z"),
                "[{\"type\":\"IdentityProviderConfig\",\"value\":\"[\\\"okta\\\"]\"}]", null);
    }

    static List<String[]> readCsv(Path file) throws Exception {
        try (var reader = new CSVReaderBuilder(new StringReader(Files.readString(file)))
                .withCSVParser(new RFC4180ParserBuilder().build()).withKeepCarriageReturn(true).build()) {
            return reader.readAll();
        }
    }

    private List<String> dirListing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void csvHasTheColumnsInOrderAndLfLineEnds() throws Exception {
        Path dir = tmp.resolve("reports");
        try (ReportWriter w = ReportWriter.open(dir, Mode.PLAN)) {
            w.write(record("okta", Outcome.WOULD_DISASSOCIATE, null));
            w.commit();
        }
        String text = Files.readString(dir.resolve("plan.csv"));
        assertThat(text).isEqualTo("""
                line,account_id,region,cluster_name,provider_type,provider_name,outcome,update_id,update_status,\
                error_code,error_message,attempts
                7,111111111111,us-east-1,prod-a,oidc,okta,WOULD_DISASSOCIATE,upd-1,InProgress,,,2
                """);
        assertThat(dirListing(dir)).containsExactly("plan.csv", "plan.jsonl");
    }

    @Test
    void applyModeWritesReportFiles() throws Exception {
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            w.commit();
        }
        assertThat(dirListing(tmp)).containsExactly("report.csv", "report.jsonl");
        assertThat(Files.readString(tmp.resolve("report.csv"))).startsWith("line,account_id,");
        assertThat(Files.readString(tmp.resolve("report.jsonl"))).isEmpty();
    }

    @Test
    void csvQuotesPerRfc4180() throws Exception {
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            w.write(record("a,b \"c\"", Outcome.FAILED, "line one\nline two"));
            w.commit();
        }
        List<String[]> rows = readCsv(tmp.resolve("report.csv"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)[5]).isEqualTo("a,b \"c\"");
        assertThat(rows.get(1)[10]).isEqualTo("line one\nline two");
        assertThat(Files.readString(tmp.resolve("report.csv"))).contains("\"a,b \"\"c\"\"\"");
    }

    @Test
    void formulaCellsAreNeutralisedInCsvOnly() throws Exception {
        List<String> hostile = List.of("=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx");
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            for (String h : hostile) {
                w.write(new ReportRecord(2, h, h, h, h, h, Outcome.FAILED, h, h, h, h, 1, null, null, null));
            }
            w.write(record("okta-=x", Outcome.FAILED, "fine"));
            w.commit();
        }
        List<String[]> rows = readCsv(tmp.resolve("report.csv"));
        for (int i = 0; i < hostile.size(); i++) {
            String[] row = rows.get(i + 1);
            assertThat(row[0]).isEqualTo("2");
            for (int col : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 10}) {
                assertThat(row[col]).as("column %d of %s", col, hostile.get(i)).isEqualTo("'" + hostile.get(i));
            }
            assertThat(row[11]).isEqualTo("1");
        }
        assertThat(rows.get(hostile.size() + 1)[5]).isEqualTo("okta-=x");

        List<String> jsonLines = Files.readAllLines(tmp.resolve("report.jsonl"));
        JsonNode first = new ObjectMapper().readTree(jsonLines.get(0));
        assertThat(first.get("provider_name").asText()).isEqualTo(hostile.get(0));
    }

    @Test
    void jsonlHasSnakeCaseFieldsAndEmbeddedArrays() throws Exception {
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            w.write(record("okta", Outcome.DISASSOCIATED, "multi\nline"));
            w.write(new ReportRecord(9, "111111111111", "us-east-1", "c", "oidc", "p", Outcome.FAILED, null, null,
                    "Throttling", "slow down", 5, null, null, "[{\"errorCode\":\"X\"}]"));
            w.write(new ReportRecord(10, null, null, null, null, null, Outcome.INVALID_TARGET, null, null, null,
                    null, 0, null, "not json", "[1] trailing"));
            w.commit();
        }
        List<String> lines = Files.readAllLines(tmp.resolve("report.jsonl"));
        assertThat(lines).hasSize(3);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode a = mapper.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).containsExactly("line", "account_id", "region", "cluster_name", "provider_type",
                "provider_name", "outcome", "update_id", "update_status", "error_code", "error_message", "attempts",
                "update_created_at", "update_params", "update_errors");
        assertThat(a.get("line").asLong()).isEqualTo(7);
        assertThat(a.get("outcome").asText()).isEqualTo("DISASSOCIATED");
        assertThat(a.get("error_code").isNull()).isTrue();
        assertThat(a.get("error_message").asText()).isEqualTo("multi\nline");
        assertThat(a.get("attempts").asInt()).isEqualTo(2);
        assertThat(a.get("update_created_at").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(a.get("update_params").isArray()).isTrue();
        assertThat(a.get("update_params").get(0).get("type").asText()).isEqualTo("IdentityProviderConfig");
        assertThat(a.get("update_errors").isNull()).isTrue();

        JsonNode b = mapper.readTree(lines.get(1));
        assertThat(b.get("update_created_at").isNull()).isTrue();
        assertThat(b.get("update_errors").get(0).get("errorCode").asText()).isEqualTo("X");

        JsonNode c = mapper.readTree(lines.get(2));
        assertThat(c.get("update_params").asText()).isEqualTo("not json");
        assertThat(c.get("update_errors").asText()).isEqualTo("[1] trailing");
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws Exception {
        Path dir = tmp.resolve("reports");
        try (ReportWriter w = ReportWriter.open(dir, Mode.PLAN)) {
            w.write(record("okta", Outcome.WOULD_DISASSOCIATE, null));
            assertThat(dirListing(dir)).hasSize(2).allMatch(n -> n.startsWith(".plan.") && n.endsWith(".tmp"));
        }
        assertThat(dirListing(dir)).isEmpty();
    }

    @Test
    void failedRunKeepsThePreviousCompleteReport() throws Exception {
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            w.write(record("first", Outcome.DISASSOCIATED, null));
            w.commit();
        }
        String before = Files.readString(tmp.resolve("report.csv"));
        try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
            w.write(record("second", Outcome.FAILED, null));
        }
        assertThat(Files.readString(tmp.resolve("report.csv"))).isEqualTo(before);
        assertThat(dirListing(tmp)).containsExactly("report.csv", "report.jsonl");
    }

    @Test
    void commitReplacesAnEarlierReport() throws Exception {
        for (String name : List.of("first", "second")) {
            try (ReportWriter w = ReportWriter.open(tmp, Mode.APPLY)) {
                w.write(record(name, Outcome.DISASSOCIATED, null));
                w.commit();
            }
        }
        assertThat(Files.readString(tmp.resolve("report.csv"))).contains("second").doesNotContain("first");
    }

    @Test
    void writeAfterCommitIsRefused() throws Exception {
        try (ReportWriter w = ReportWriter.open(tmp, Mode.PLAN)) {
            w.commit();
            w.commit(); // idempotent
            assertThatThrownBy(() -> w.write(record("x", Outcome.FAILED, null)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void reportsAreOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path dir = tmp.resolve("a/b/reports");
        try (ReportWriter w = ReportWriter.open(dir, Mode.PLAN)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            w.commit();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("plan.csv"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("plan.jsonl"))))
                .isEqualTo("rw-------");
    }
}
