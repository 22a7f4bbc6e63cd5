package dev.eksidp.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksidp.plan.PlanSeal;
import dev.eksidp.remediation.Mode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * summary.json: what summary.md says, for programs (monitoring, a pipeline that gates on the run). Field names are a
 * contract: add fields, never rename or remove one without raising {@code schemaVersion}.
 */
public final class SummaryJson {

    public static final String FILE_NAME = "summary.json";
    static final int SCHEMA_VERSION = 1;

    /** The exit codes of ExitCodes, as the run's process ends with them; the report package does not see cli. */
    private static final int OK = 0;
    private static final int RESUMABLE = 1;
    private static final int NEEDS_ATTENTION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EKS_FIXED = Pattern.compile("EKS rate per account and region: ([0-9.]+)/s \\(burst ([0-9]+)\\)");
    private static final Pattern STS_FIXED = Pattern.compile("STS rate: ([0-9.]+)/s");
    private static final Pattern EKS_FOUND = Pattern.compile("EKS rate per account and region: found, from ([0-9.]+)/s up to ([0-9.]+)/s");
    private static final Pattern STS_FOUND = Pattern.compile("STS rate: found, from ([0-9.]+)/s up to ([0-9.]+)/s");
    private static final Pattern REACHED = Pattern.compile("Rates reached \\(this execution\\): EKS (?:([0-9]+)/s in the busiest "
            + "bucket ([0-9]+/[a-z0-9-]+) \\(limiter peak ([0-9.]+)/s.*?)?, STS ([0-9]+)/s \\(limiter peak ([0-9.]+)/s");
    private static final String RAILS_SET = "Safety rails set: ";
    private static final String RAIL_FIRED = "Rail fired: ";
    /** Error codes the load step gives rows that a rail blocked, and the rail that did it. */
    private static final Map<String, String> RAIL_ERROR_CODES = Map.of(
            "ProtectedAccount", "--protect-accounts", "AccountCeiling", "--max-per-account");

    private SummaryJson() {
    }

    /** @param reportFiles the names of the files in the report directory, for {@code reports} */
    /**
     * The mode a report directory's summary.json records; empty when it has none (an older run, or none written).
     *
     * @throws IOException when the file is there but cannot be read
     */
    public static Optional<Mode> mode(Path reportDir) throws IOException {
        Path file = reportDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String mode = JSON.readTree(file.toFile()).path("mode").asText(null);
        return mode == null ? Optional.empty() : Optional.of(Mode.valueOf(mode.toUpperCase(Locale.ROOT)));
    }

    static String render(RunSummary summary, SummaryContext ctx, List<String> reportFiles) throws JsonProcessingException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", SCHEMA_VERSION);
        json.put("runId", ctx.runId());
        json.put("mode", ctx.mode() == null ? null : ctx.mode().name().toLowerCase(Locale.ROOT));
        boolean finished = ctx.resumeCommand() == null;
        json.put("status", status(ctx));
        json.put("statusDetail", ctx.status());
        long clean = summary.clean(ctx.mode());
        json.put("exitCode", exitCode(summary, ctx));
        json.put("jobExecutionId", ctx.jobExecutionId());
        json.put("identity", ctx.identity());
        json.put("origin", ctx.origin());
        json.put("retries", ctx.retries());
        json.put("targetsFile", ctx.targetsFile());
        json.put("targetsSha256", sha256(ctx.targetsFile()));

        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("total", summary.total());
        rows.put("clean", clean);
        rows.put("needAttention", summary.needsAttention());
        rows.put("other", summary.total() - clean - summary.needsAttention());
        json.put("rows", rows);
        json.put("outcomes", summary.countsByOutcome());
        json.put("accounts", summary.countsByAccount());
        json.put("errorCodes", summary.countsByErrorCode());
        json.put("needsAttention", summary.problems());
        json.put("needsAttentionOmitted", summary.omittedProblems());

        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("start", ctx.startTime() == null ? null : SummaryWriter.instant(ctx.startTime()));
        timings.put("end", ctx.endTime() == null ? null : SummaryWriter.instant(ctx.endTime()));
        Double seconds = ctx.startTime() == null || ctx.endTime() == null ? null
                : Duration.between(ctx.startTime(), ctx.endTime()).toMillis() / 1000.0;
        timings.put("durationSeconds", seconds);
        json.put("timings", timings);
        json.put("executions", ctx.history() == null ? null : ctx.history().executions().stream().map(e -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", e.id());
            one.put("start", e.start() == null ? null : SummaryWriter.instant(e.start()));
            one.put("end", e.end() == null ? null : SummaryWriter.instant(e.end()));
            one.put("status", e.status());
            one.put("stopReason", e.stopReason());
            one.put("outcomes", e.outcomes());
            return one;
        }).toList());
        json.put("interruptions", ctx.history() == null ? 0 : ctx.history().interruptions().size());

        json.put("rails", rails(summary, ctx));
        json.put("rates", rates(summary, ctx, seconds));
        json.put("resumeCommand", ctx.resumeCommand());
        json.put("notes", ctx.notes());
        json.put("reports", reportFiles);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    /**
     * The code the run's process exits with: 1 while it can be resumed, else 0 when every row is clean for the mode and
     * 2 when any needs attention (what RunLauncher decides from the same counts).
     */
    static int exitCode(RunSummary summary, SummaryContext ctx) {
        if (ctx.resumeCommand() != null) {
            return RESUMABLE;
        }
        return summary.clean(ctx.mode()) == summary.total() ? OK : NEEDS_ATTENTION;
    }

    /** COMPLETED for a finished run; otherwise the batch status the interim summary starts with (STOPPED, FAILED). */
    private static String status(SummaryContext ctx) {
        if (ctx.resumeCommand() == null) {
            return "COMPLETED";
        }
        String s = ctx.status() == null ? "" : ctx.status();
        int colon = s.indexOf(':');
        return (colon < 0 ? s : s.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
    }

    private static Map<String, Object> rails(RunSummary summary, SummaryContext ctx) {
        List<String> set = new ArrayList<>();
        List<String> fired = new ArrayList<>();
        for (String note : ctx.notes()) {
            if (note.startsWith(RAILS_SET) && !note.equals(RAILS_SET + "none")) {
                set.addAll(List.of(note.substring(RAILS_SET.length()).split(", ")));
            }
        }
        Map<String, Long> blockedBy = new LinkedHashMap<>();
        summary.countsByErrorCode().forEach((code, n) -> {
            if (RAIL_ERROR_CODES.containsKey(code)) {
                blockedBy.put(RAIL_ERROR_CODES.get(code), n);
                fired.add(RAIL_ERROR_CODES.get(code));
            }
        });
        if (ctx.status() != null && ctx.status().contains("error budget exceeded")) {
            fired.add("--max-failures");
        }
        Map<String, Object> rails = new LinkedHashMap<>();
        rails.put("set", set);
        rails.put("fired", fired);
        rails.put("rowsBlocked", blockedBy);
        return rails;
    }

    /**
     * The rates the run was given (the limiters' ceilings; null when the rate was found), how they were set
     * ({@code fixed} or {@code found}, with the found rates' start and ceiling), the rates reached (the most requests
     * accepted in one second: EKS in the busiest bucket, STS for the hub) and rows per second overall.
     */
    private static Map<String, Object> rates(RunSummary summary, SummaryContext ctx, Double seconds) {
        Map<String, Object> rates = new LinkedHashMap<>();
        for (String note : ctx.notes()) {
            Matcher m = EKS_FOUND.matcher(note);
            if (m.find()) {
                rates.put("eksMode", "found");
                rates.put("eksStartPerSecond", Double.parseDouble(m.group(1)));
                rates.put("eksCeilingPerSecond", Double.parseDouble(m.group(2)));
            } else if ((m = EKS_FIXED.matcher(note)).find()) {
                rates.put("eksMode", "fixed");
                rates.put("eksPerSecondPerBucket", Double.parseDouble(m.group(1)));
                rates.put("eksBurst", Integer.parseInt(m.group(2)));
            }
            m = STS_FOUND.matcher(note);
            if (m.find()) {
                rates.put("stsMode", "found");
                rates.put("stsStartPerSecond", Double.parseDouble(m.group(1)));
                rates.put("stsCeilingPerSecond", Double.parseDouble(m.group(2)));
            } else if (note.startsWith("EKS rate per account and region: ") && (m = STS_FIXED.matcher(note)).find()) {
                rates.put("stsMode", "fixed");
                rates.put("stsPerSecond", Double.parseDouble(m.group(1)));
            }
            m = REACHED.matcher(note);
            if (m.find()) {
                rates.put("eksReachedPerSecond", m.group(1) == null ? null : Integer.parseInt(m.group(1)));
                rates.put("eksReachedBucket", m.group(2));
                rates.put("eksLimiterPeakPerSecond", m.group(3) == null ? null : Double.parseDouble(m.group(3)));
                rates.put("stsReachedPerSecond", Integer.parseInt(m.group(4)));
                rates.put("stsLimiterPeakPerSecond", Double.parseDouble(m.group(5)));
            }
        }
        rates.put("rowsPerSecondReached", seconds == null || seconds <= 0 ? null
                : Math.round(summary.total() / seconds * 100) / 100.0);
        return rates;
    }

    /** The targets file's SHA-256 as it is now (the run's own copy is in its job parameters), or null if unreadable. */
    private static String sha256(String file) {
        if (file == null) {
            return null;
        }
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) ? PlanSeal.sha256(path) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
