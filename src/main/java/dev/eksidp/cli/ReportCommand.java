package dev.eksidp.cli;

import dev.eksidp.report.ReportMerge;
import dev.eksidp.report.SummaryWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "report",
        description = {"Works on finished runs' report directories. --merge combines the reports of the shards of one "
                + "targets file (--shard I/N runs) into one report.csv, report.jsonl and summary.md, in input line "
                + "order, as if one process had run the whole file.", ""},
        exitCodeList = {"0:merged; every row clean", "2:merged; some rows need attention (see summary.md)",
                "64:usage error: missing, mixed (plan and apply) or overlapping reports; nothing was written"})
final class ReportCommand extends Subcommand {

    ReportCommand(CliEnvironment env) {
        super(env);
    }

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR", required = true,
            description = "Report directories of the shards (each with report.jsonl or plan.jsonl).")
    List<Path> merge;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "More report directories to merge.", hidden = true)
    List<Path> more = List.of();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the merged report goes (default: reports/merged-<time>/).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = new java.util.ArrayList<>(merge);
        inputs.addAll(more);
        Path target = out != null ? out : Path.of("reports", "merged-" + RunIds.timestamp(env.clock()));
        ReportMerge.Result result;
        try {
            result = ReportMerge.merge(inputs, target, env.clock());
        } catch (ReportMerge.MergeException e) {
            throw new UsageException(e.getMessage());
        }
        String name = result.mode().reportName();
        env.out().printf("Merged %d reports, %d rows%nSummary: %s%nReport:  %s, %s%n", inputs.size(),
                result.summary().total(), target.resolve(SummaryWriter.FILE_NAME).toAbsolutePath(),
                target.resolve(name + ".csv").toAbsolutePath(), target.resolve(name + ".jsonl").toAbsolutePath());
        return result.clean() ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
    }
}
