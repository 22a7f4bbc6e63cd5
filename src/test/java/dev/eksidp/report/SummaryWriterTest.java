package dev.eksidp.report;

import dev.eksidp.output.Markdown;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryWriterTest {

    @TempDir
    Path tmp;

    static final Instant START = Instant.parse("2025-03-04T10:00:00Z");

    static SummaryContext context(Mode mode, String resume) {
        return new SummaryContext("run-42", mode, "targets.csv", 17, START, START.plusSeconds(3723), "STOPPED",
                resume, List.of("rate: 5 calls/s per account"));
    }

    static ReportRecord row(long line, String account, String cluster, Outcome outcome, String code, String msg) {
        return new ReportRecord(line, account, "us-east-1", cluster, "oidc", "okta", outcome, null, null, code, msg,
                1, null, null, null);
    }

    @Test
    void summaryHasTheSectionsAnOperatorNeeds() throws Exception {
        RunSummary s = new RunSummary();
        s.add(row(2, "111111111111", "a", Outcome.DISASSOCIATED, null, null));
        s.add(row(3, "111111111111", "b", Outcome.FAILED, "ServerException", "internal\nerror"));
        s.add(row(4, "222222222222", "c|d", Outcome.ACCESS_DENIED, "AccessDenied", "no | way"));
        s.add(row(5, "222222222222", "e", Outcome.ALREADY_ABSENT, null, null));

        SummaryWriter.write(tmp, s, context(Mode.APPLY, "eks-idp-remediation apply --resume run-42"));
        String md = Files.readString(tmp.resolve("summary.md"));

        assertThat(md).startsWith("# EKS identity provider remediation: apply, run run-42\n");
        assertThat(md).contains("**Status: STOPPED**: 4 rows, 2 clean, 2 need attention, 0 other");
        assertThat(md).contains("""
                | Outcome | Rows |
                | --- | ---: |
                | DISASSOCIATED | 1 |
                | ALREADY_ABSENT | 1 |
                | ACCESS_DENIED | 1 |
                | FAILED | 1 |
                | Total | 4 |
                """);
        assertThat(md).contains("""
                | Account | DISASSOCIATED | ALREADY_ABSENT | ACCESS_DENIED | FAILED | Total |
                | --- | ---: | ---: | ---: | ---: | ---: |
                | 111111111111 | 1 | 0 | 0 | 1 | 2 |
                | 222222222222 | 0 | 1 | 1 | 0 | 2 |
                """);
        assertThat(md).contains("| 3 | 111111111111 | us-east-1 | b | okta | FAILED | ServerException | internal error |");
        assertThat(md).contains("| 4 | 222222222222 | us-east-1 | c\\|d | okta | ACCESS_DENIED | AccessDenied | no \\| way |");
        assertThat(md).contains("- Start: 2025-03-04T10:00:00Z", "- End: 2025-03-04T11:02:03Z", "- Duration: 1h 02m 03s");
        assertThat(md).contains("```\neks-idp-remediation apply --resume run-42\n```");
        assertThat(md).contains("- rate: 5 calls/s per account");
        assertThat(md).contains("- report.csv", "- report.jsonl", "- Targets file: targets.csv", "- Job execution: 17");
        assertThat(md).doesNotContain("... and");
    }

    @Test
    void cappedProblemListSaysHowManyMore() throws Exception {
        RunSummary s = new RunSummary(1);
        s.add(row(2, "111111111111", "a", Outcome.BLOCKED, null, "creating"));
        s.add(row(3, "111111111111", "b", Outcome.BLOCKED, null, "creating"));
        s.add(row(4, "111111111111", "c", Outcome.INVALID_TARGET, null, "bad"));
        SummaryWriter.write(tmp, s, context(Mode.PLAN, null));
        String md = Files.readString(tmp.resolve("summary.md"));
        assertThat(md).contains("... and 2 more");
        assertThat(md).doesNotContain("## Resume");
        assertThat(md).contains("- plan.csv", "- plan.jsonl");
    }

    @Test
    void runBlockSaysWhoStartedItWhereHowItEndsAndHowOftenItRetried() throws Exception {
        RunSummary s = new RunSummary();
        s.add(row(2, "111111111111", "a", Outcome.DISASSOCIATED, null, null));
        s.add(row(3, "111111111111", "b", Outcome.FAILED, "Boom", "it broke"));
        SummaryContext base = context(Mode.APPLY, null);
        SummaryContext ctx = new SummaryContext(base.runId(), base.mode(), base.targetsFile(), base.jobExecutionId(),
                base.startTime(), base.endTime(), "finished", null, base.notes(), null, null,
                new RunOrigin("host-1", "alice", "0.1.0", "eks-idp-remediation apply --targets t.csv --yes"),
                new RetryCounts(3, 5L, 1L));
        SummaryWriter.write(tmp, s, ctx);

        String md = Files.readString(tmp.resolve("summary.md"));
        assertThat(md).contains("## Run\n\n- Started by: alice on host-1, eks-idp-remediation 0.1.0\n",
                "- Exit code: 2 (rows need attention)\n",
                "- Retries: 3 (attempts beyond each row's first); throttled calls: EKS 5, STS 1 (this execution)\n",
                "Command line:\n\n```\neks-idp-remediation apply --targets t.csv --yes\n```\n");
        assertThat(md.indexOf("## Run")).isLessThan(md.indexOf("## Needs attention"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("summary.json").toFile());
        assertThat(json.get("exitCode").asInt()).isEqualTo(2);
        assertThat(json.get("origin").get("host").asText()).isEqualTo("host-1");
        assertThat(json.get("origin").get("osUser").asText()).isEqualTo("alice");
        assertThat(json.get("origin").get("toolVersion").asText()).isEqualTo("0.1.0");
        assertThat(json.get("origin").get("commandLine").asText()).isEqualTo("eks-idp-remediation apply --targets t.csv --yes");
        assertThat(json.get("retries").get("retries").asLong()).isEqualTo(3);
        assertThat(json.get("retries").get("eksThrottles").asLong()).isEqualTo(5);
        assertThat(json.get("retries").get("stsThrottles").asLong()).isEqualTo(1);

        // A clean run exits 0; an unfinished one 1, and its summary says so too.
        SummaryWriter.write(tmp, new RunSummary(), ctx);
        assertThat(Files.readString(tmp.resolve("summary.md"))).contains("- Exit code: 0 (every row clean)");
        SummaryWriter.write(tmp, s, context(Mode.APPLY, "eks-idp-remediation resume --execution-id 17"));
        assertThat(Files.readString(tmp.resolve("summary.md"))).contains("- Exit code: 1 (unfinished: resume it)");
    }

    @Test
    void emptyRunStillRenders() throws Exception {
        SummaryWriter.write(tmp, new RunSummary(), context(Mode.PLAN, null));
        String md = Files.readString(tmp.resolve("summary.md"));
        assertThat(md).contains("0 rows", "| Total | 0 |", "Nothing.").doesNotContain("## Accounts");
    }

    @Test
    void summaryMdAndJsonAreWrittenAtomicallyAndOwnerOnly() throws Exception {
        Path dir = tmp.resolve("new/reports");
        SummaryWriter.write(dir, new RunSummary(), context(Mode.PLAN, null));
        SummaryWriter.write(dir, new RunSummary(), context(Mode.PLAN, null)); // replaces
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("summary.md", "summary.json");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            for (String name : new String[] {"summary.md", "summary.json"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                        .isEqualTo("rw-------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void resumeCommandWithBackticksGetsALongerFence() throws Exception {
        SummaryWriter.write(tmp, new RunSummary(), context(Mode.APPLY, "run --note ```x```"));
        assertThat(Files.readString(tmp.resolve("summary.md"))).contains("````\nrun --note ```x```\n````");
    }

    @Test
    void markdownEscapesCellBreakers() {
        assertThat(Markdown.escape("a|b\r\nc\nd\\")).isEqualTo("a\\|b c d\\\\");
    }

    @Test
    void durationsAreHumanReadable() {
        assertThat(SummaryWriter.duration(Duration.ofMillis(4200))).isEqualTo("4.200s");
        assertThat(SummaryWriter.duration(Duration.ofSeconds(65))).isEqualTo("1m 05s");
    }
}
