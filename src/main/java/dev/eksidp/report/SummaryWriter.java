package dev.eksidp.report;

import dev.eksidp.output.Markdown;
import dev.eksidp.output.OwnerOnlyFiles;
import dev.eksidp.remediation.Outcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes summary.md: the page an operator reads first after a run. */
public final class SummaryWriter {

    public static final String FILE_NAME = "summary.md";
    // The full message is in the CSV/JSONL report; the summary table stays readable.
    static final int MAX_MESSAGE = 200;

    private SummaryWriter() {
    }

    /**
     * Replaces reportDir/summary.md and reportDir/summary.json (the same facts, for programs) atomically
     * (owner-only), creating reportDir if needed.
     */
    public static void write(Path reportDir, RunSummary summary, SummaryContext ctx) throws IOException {
        OwnerOnlyFiles.createDirectories(reportDir);
        OwnerOnlyFiles.writeAtomically(reportDir, SummaryJson.FILE_NAME, SummaryJson.render(summary, ctx, reportFiles(reportDir)));
        OwnerOnlyFiles.writeAtomically(reportDir, FILE_NAME, render(summary, ctx));
    }

    /** The files in the report directory once the summaries are there (temporary and hidden files left out). */
    private static List<String> reportFiles(Path reportDir) throws IOException {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(List.of(FILE_NAME, SummaryJson.FILE_NAME));
        try (var files = java.nio.file.Files.list(reportDir)) {
            files.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).forEach(names::add);
        }
        return List.copyOf(names);
    }

    static String render(RunSummary summary, SummaryContext ctx) {
        StringBuilder out = new StringBuilder();
        String mode = ctx.mode() == null ? "run" : ctx.mode().name().toLowerCase(Locale.ROOT);
        out.append("# EKS identity provider remediation: ").append(mode).append(", run ")
                .append(Markdown.escape(ctx.runId())).append("\n\n");
        statusLine(out, summary, ctx);
        if (ctx.identity() != null) {
            out.append("- Acting as: ").append(Markdown.escape(ctx.identity().arn())).append(" (account ")
                    .append(Markdown.escape(ctx.identity().account())).append(")\n");
            out.append("- Profile: ").append(Markdown.escape(ctx.identity().profile())).append(", hub region: ")
                    .append(Markdown.escape(ctx.identity().region())).append(", endpoint: ")
                    .append(Markdown.escape(ctx.identity().endpoint())).append('\n');
        }
        out.append("- Targets file: ").append(Markdown.escape(ctx.targetsFile())).append('\n');
        out.append("- Job execution: ").append(ctx.jobExecutionId()).append("\n\n");
        run(out, summary, ctx);

        Map<Outcome, Long> byOutcome = summary.countsByOutcome();
        List<Outcome> occurred = new ArrayList<>(byOutcome.keySet());
        problems(out, summary);
        outcomes(out, summary, byOutcome);
        accounts(out, summary, occurred);
        timings(out, ctx);
        executions(out, ctx.history());
        if (ctx.resumeCommand() != null) {
            out.append("## Resume\n\nThis run did not finish. To continue where it stopped, run exactly:\n\n");
            Markdown.codeBlock(out, ctx.resumeCommand());
            out.append('\n');
        }
        if (!ctx.notes().isEmpty()) {
            out.append("## Notes\n\n");
            ctx.notes().forEach(n -> out.append("- ").append(Markdown.escape(n)).append('\n'));
            out.append('\n');
        }
        out.append("## Reports\n\n");
        if (ctx.mode() != null) {
            out.append("- ").append(ctx.mode().reportName()).append(".csv (for spreadsheets)\n");
            out.append("- ").append(ctx.mode().reportName()).append(".jsonl (one JSON object per row, for programs)\n");
        }
        out.append("- ").append(FILE_NAME).append(" (this file)\n");
        out.append("- ").append(SummaryJson.FILE_NAME).append(" (the same facts, for programs)\n");
        return out.toString();
    }

    /** Who started the run, where, how, and how it ends and how often it had to try again: for the audit trail. */
    private static void run(StringBuilder out, RunSummary summary, SummaryContext ctx) {
        out.append("## Run\n\n");
        RunOrigin origin = ctx.origin();
        if (origin != null) {
            out.append("- Started by: ").append(Markdown.escape(known(origin.osUser()))).append(" on ")
                    .append(Markdown.escape(known(origin.host()))).append(", eks-idp-remediation ")
                    .append(Markdown.escape(known(origin.toolVersion()))).append('\n');
        }
        int code = SummaryJson.exitCode(summary, ctx);
        out.append("- Exit code: ").append(code).append(switch (code) {
            case 0 -> " (every row clean)";
            case 2 -> " (rows need attention)";
            default -> " (unfinished: resume it)";
        }).append('\n');
        RetryCounts retries = ctx.retries();
        if (retries != null) {
            out.append("- Retries: ").append(retries.retries()).append(" (attempts beyond each row's first)");
            if (retries.eksThrottles() != null) {
                out.append("; throttled calls: EKS ").append(retries.eksThrottles()).append(", STS ")
                        .append(retries.stsThrottles()).append(" (this execution)");
            }
            out.append('\n');
        }
        out.append('\n');
        if (origin != null && origin.commandLine() != null) {
            out.append("Command line:\n\n");
            Markdown.codeBlock(out, origin.commandLine());
            out.append('\n');
        }
    }

    private static String known(String s) {
        return s == null ? "unknown" : s;
    }

    private static void statusLine(StringBuilder out, RunSummary summary, SummaryContext ctx) {
        long clean = summary.clean(ctx.mode());
        long attention = summary.needsAttention();
        long other = summary.total() - clean - attention;
        out.append("**Status: ").append(Markdown.escape(ctx.status())).append("**: ")
                .append(summary.total()).append(" rows, ")
                .append(clean).append(" clean, ")
                .append(attention).append(" need attention, ")
                .append(other).append(" other (duplicates, clusters not found)\n\n");
    }

    private static void outcomes(StringBuilder out, RunSummary summary, Map<Outcome, Long> byOutcome) {
        out.append("## Outcomes\n\n");
        List<List<String>> rows = new ArrayList<>();
        byOutcome.forEach((outcome, count) -> rows.add(List.of(String.valueOf(outcome), Long.toString(count))));
        rows.add(List.of("Total", Long.toString(summary.total())));
        Markdown.table(out, List.of("Outcome", "Rows"), new boolean[] {false, true}, rows);
        out.append('\n');
    }

    /** Only the accounts with a row that needs attention: the full table of every account is in the CSV. */
    private static void accounts(StringBuilder out, RunSummary summary, List<Outcome> occurred) {
        Map<String, Map<Outcome, Long>> byAccount = new java.util.LinkedHashMap<>(summary.countsByAccount());
        int all = byAccount.size();
        byAccount.values().removeIf(counts -> counts.keySet().stream().noneMatch(RunSummary.NEEDS_ATTENTION::contains));
        if (byAccount.isEmpty()) {
            return;
        }
        out.append("## Accounts that need attention (").append(byAccount.size()).append(" of ").append(all)
                .append(")\n\n");
        List<String> headers = new ArrayList<>();
        headers.add("Account");
        occurred.forEach(o -> headers.add(String.valueOf(o)));
        headers.add("Total");
        boolean[] right = new boolean[headers.size()];
        Arrays.fill(right, 1, right.length, true);
        List<List<String>> rows = new ArrayList<>();
        byAccount.forEach((account, counts) -> {
            List<String> row = new ArrayList<>();
            row.add(account);
            long total = 0;
            for (Outcome o : occurred) {
                long n = counts.getOrDefault(o, 0L);
                total += n;
                row.add(Long.toString(n));
            }
            row.add(Long.toString(total));
            rows.add(row);
        });
        Markdown.table(out, headers, right, rows);
        out.append('\n');
    }

    private static void problems(StringBuilder out, RunSummary summary) {
        out.append("## Needs attention\n\n");
        List<RunSummary.Problem> problems = summary.problems();
        if (problems.isEmpty() && summary.omittedProblems() == 0) {
            out.append("Nothing.\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunSummary.Problem p : problems) {
            rows.add(Arrays.asList(Long.toString(p.line()), p.accountId(), p.region(), p.clusterName(),
                    p.providerName(), String.valueOf(p.outcome()), p.errorCode(),
                    Markdown.abbreviate(p.errorMessage(), MAX_MESSAGE)));
        }
        Markdown.table(out, List.of("Line", "Account", "Region", "Cluster", "Provider", "Outcome", "Error code",
                "Message"), new boolean[] {true, false, false, false, false, false, false, false}, rows);
        if (summary.omittedProblems() > 0) {
            out.append("\n... and ").append(summary.omittedProblems()).append(" more (see the full report)\n");
        }
        out.append('\n');
    }

    private static void timings(StringBuilder out, SummaryContext ctx) {
        out.append("## Timings\n\n");
        out.append("- Start: ").append(instant(ctx.startTime()))
                .append(ctx.history() != null && ctx.history().executions().size() > 1 ? " (first execution)" : "")
                .append('\n');
        out.append("- End: ").append(instant(ctx.endTime())).append('\n');
        out.append("- Duration: ").append(ctx.startTime() != null && ctx.endTime() != null
                ? duration(Duration.between(ctx.startTime(), ctx.endTime())) : "unknown").append("\n\n");
    }

    /** The run's executions, when it took more than one (it was stopped or crashed, and resumed). */
    private static void executions(StringBuilder out, RunHistory history) {
        if (history == null || history.executions().size() < 2) {
            return;
        }
        out.append("## Executions\n\nThe run was interrupted ").append(history.interruptions().size())
                .append(history.interruptions().size() == 1 ? " time" : " times")
                .append(" and resumed; each row is counted once, by the execution that recorded it.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (RunHistory.Execution e : history.executions()) {
            rows.add(List.of(Long.toString(e.id()), instant(e.start()), instant(e.end()),
                    e.stopReason() == null ? e.status() : e.status() + ": " + e.stopReason(),
                    e.outcomes().isEmpty() ? "-" : e.outcomes().entrySet().stream()
                            .map(o -> o.getKey() + " " + o.getValue()).collect(java.util.stream.Collectors.joining(", "))));
        }
        Markdown.table(out, List.of("Execution", "Start", "End", "Status", "Rows recorded"),
                new boolean[] {true, false, false, false, false}, rows);
        out.append('\n');
    }

    /** To the second, in UTC: nanoseconds help nobody reading a summary. */
    static String instant(Instant t) {
        return t == null ? "unknown" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String duration(Duration d) {
        if (d.isNegative()) {
            return "unknown";
        }
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        if (h > 0) {
            return "%dh %02dm %02ds".formatted(h, m, s);
        }
        if (m > 0) {
            return "%dm %02ds".formatted(m, s);
        }
        return "%d.%03ds".formatted(s, d.toMillisPart());
    }
}
