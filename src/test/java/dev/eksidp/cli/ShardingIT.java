package dev.eksidp.cli;

import dev.eksidp.job.Shard;
import dev.eksidp.remediation.Mode;
import dev.eksidp.remediation.Outcome;
import dev.eksidp.report.ReportRecord;
import dev.eksidp.report.ReportWriter;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import dev.eksidp.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.eksidp.cli.CliTestSupport.child;
import static dev.eksidp.cli.CliTestSupport.exit;
import static dev.eksidp.cli.CliTestSupport.output;
import static dev.eksidp.cli.CliTestSupport.readCsv;
import static dev.eksidp.cli.CliTestSupport.targets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three shard processes (--shard I/3, and one from JOB_COMPLETION_INDEX) against one simulator and one
 * PostgreSQL, merged with {@code report --merge}, give the same report as one process running the whole file.
 */
class ShardingIT {

    @RegisterExtension
    final CliTestExtension cli = new CliTestExtension();

    @TempDir
    Path tmp;

    private static final List<String> ACCOUNTS = IntStream.rangeClosed(1, 9)
            .mapToObj(i -> String.format("1000000000%02d", i)).toList();

    private static Fleet fleet() {
        List<Account> accounts = new ArrayList<>();
        for (String id : ACCOUNTS) {
            accounts.add(new Account(id, null, null, id.endsWith("9"), List.of(
                    Cluster.of("us-east-1", "a", IdentityProvider.oidc("okta")),
                    Cluster.of("us-east-1", "b", IdentityProvider.oidc("okta")),
                    Cluster.of("eu-west-1", "c", IdentityProvider.oidc("okta")))));
        }
        return Fleet.of(accounts);
    }

    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (String id : ACCOUNTS) {
            rows.add(id + ",us-east-1,a,oidc,okta");
            rows.add(id + ",eu-west-1,c,oidc,okta");
        }
        rows.add("12345,us-east-1,a,oidc,okta");                  // INVALID_TARGET, no account to hash: shard 0
        for (String id : ACCOUNTS) {
            rows.add(id + ",us-east-1,b,oidc,okta");
            rows.add(id + ",us-east-1,missing,oidc,okta");        // CLUSTER_NOT_FOUND (or ACCESS_DENIED)
        }
        rows.add(ACCOUNTS.get(4) + ",nowhere-1,a,oidc,okta");     // INVALID_TARGET with a valid account: its shard
        rows.add(ACCOUNTS.get(2) + ",us-east-1,a,oidc,okta");     // DUPLICATE
        return rows;
    }

    @Test
    void threeShardProcessesMergedGiveTheSameReportAsOneProcess() throws Exception {
        assertThat(ACCOUNTS.stream().map(a -> Shard.of(a, 3)).distinct()).as("every shard has accounts").hasSize(3);
        TestPostgres pg = TestPostgres.get();
        String shardedDb = pg.newDatabase();
        String singleDb = pg.newDatabase();
        Path file = targets(tmp.resolve("targets.csv"), rows());
        try (Simulator shardedSim = Simulator.start(fleet(), 0); Simulator singleSim = Simulator.start(fleet(), 0)) {
            String[] common = {"--yes", "--targets", file.toString(), "--eks-rate", "50", "--max-attempts", "3",
                    "--backoff", "20"};
            List<Process> shards = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                shards.add(cli.start(child(tmp.resolve("shard" + i), shardedSim, pg, "apply", args(common, "--shard", i + "/3",
                        "--job-repository", shardedDb, "--report-dir", tmp.resolve("r" + i).toString()))));
            }
            ProcessBuilder indexed = child(tmp.resolve("shard2"), shardedSim, pg, "apply", args(common,
                    "--shard-count", "3", "--job-repository", shardedDb, "--report-dir", tmp.resolve("r2").toString()));
            indexed.environment().put("JOB_COMPLETION_INDEX", "2");
            shards.add(cli.start(indexed));

            // The reference: one process over the whole file (in this JVM, to save a JVM start while the shards run).
            CliTestSupport.Result single = inProcessWithAws(singleSim, pg, args(common, "--job-repository", singleDb, "--report-dir",
                    tmp.resolve("r-single").toString()));
            assertThat(single.exit()).as(single.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
            for (int i = 0; i < 3; i++) {
                int code = exit(shards.get(i), 180);
                assertThat(code).as(output(tmp.resolve("shard" + i), "apply"))
                        .isIn(ExitCodes.OK, ExitCodes.NEEDS_ATTENTION);
                // Rows of other shards are not in this shard's report at all.
                int shard = i;
                assertThat(tmp.resolve("r" + i + "/summary.md")).content().contains("Shard " + i + "/3 of the targets file");
                assertThat(readCsv(tmp.resolve("r" + i + "/report.csv"))).isNotEmpty()
                        .allSatisfy(r -> assertThat(Shard.of(r.get("account_id"), 3)).isEqualTo(shard));
            }
            assertThat(shardedSim.stats().maxChangesPerProvider()).isEqualTo(1);
        }

        CliTestSupport.Result merged = CliTestSupport.inProcess("report", "--merge", tmp.resolve("r0").toString(),
                tmp.resolve("r1").toString(), tmp.resolve("r2").toString(), "--out", tmp.resolve("merged").toString());
        assertThat(merged.exit()).as(merged.toString()).isEqualTo(ExitCodes.NEEDS_ATTENTION);

        List<Map<String, String>> one = withoutUpdateIds(readCsv(tmp.resolve("r-single/report.csv")));
        List<Map<String, String>> combined = withoutUpdateIds(readCsv(tmp.resolve("merged/report.csv")));
        assertThat(one).hasSize(rows().size());
        assertThat(combined).containsExactlyElementsOf(one);
        assertThat(Files.readAllLines(tmp.resolve("merged/report.jsonl"))).hasSize(rows().size());
        String summary = Files.readString(tmp.resolve("merged/summary.md"));
        String singleSummary = Files.readString(tmp.resolve("r-single/summary.md"));
        assertThat(summary).contains("merged (3 shards)");
        assertThat(section(summary, "## Outcomes")).isEqualTo(section(singleSummary, "## Outcomes"));
        assertThat(section(summary, "## Needs attention")).isEqualTo(section(singleSummary, "## Needs attention"));
    }

    @Test
    void overlappingOrMissingReportsAreRefused() throws Exception {
        CliTestSupport.Result none = CliTestSupport.inProcess("report", "--merge", tmp.resolve("nothing").toString(),
                "--out", tmp.resolve("m").toString());
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("no report.jsonl or plan.jsonl");
        for (String name : List.of("p1", "p2")) {
            try (ReportWriter w = ReportWriter.open(tmp.resolve(name), Mode.PLAN)) {
                w.write(new ReportRecord(2, "12345", "us-east-1", "a", "oidc", "okta", Outcome.INVALID_TARGET, null, null,
                        "InvalidTarget", "account_id must be 12 digits", 0, null, null, null));
                w.commit();
            }
        }
        CliTestSupport.Result overlap = CliTestSupport.inProcess("report", "--merge", tmp.resolve("p1").toString(),
                tmp.resolve("p2").toString(), "--out", tmp.resolve("m").toString());
        assertThat(overlap.exit()).as(overlap.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(overlap.err()).contains("line 2 is in both");
        assertThat(tmp.resolve("m")).as("a refused merge writes nothing, not even its directory").doesNotExist();
    }

    @Test
    void shardsAreStableAndEveryRowBelongsToExactlyOne() {
        // crc32("100000000001") is fixed: a shard assignment must never change between versions or machines.
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("100000000001".getBytes());
        assertThat(Shard.of("100000000001", 7)).isEqualTo((int) (crc.getValue() % 7));
        assertThat(Shard.of(" 100000000001 ", 7)).isEqualTo(Shard.of("100000000001", 7));
        assertThat(Shard.of("12345", 5)).isZero();
        assertThat(Shard.of(null, 5)).isZero();
        assertThat(Shard.of("abcdefghijkl", 5)).isZero();
        assertThat(ShardSelection.resolve("1/3", null, "2")).isEqualTo(new Shard(1, 3));
        assertThat(ShardSelection.resolve(null, 3, "2")).isEqualTo(new Shard(2, 3));
        assertThat(ShardSelection.resolve(null, null, "2")).isEqualTo(Shard.ALL);
        for (String[] bad : new String[][] {{"3/3", null, null}, {"x", null, null}, {"1/3", "4", null},
                {null, "3", null}, {null, "3", "3"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShardSelection.resolve(bad[0],
                    bad[1] == null ? null : Integer.valueOf(bad[1]), bad[2])).isInstanceOf(UsageException.class);
        }
    }

    /** The CLI in this JVM with the SDK's system properties pointing at the simulator (restored afterwards). */
    private static CliTestSupport.Result inProcessWithAws(Simulator sim, TestPostgres pg, String... args) {
        try (var aws = CliTestSupport.simulatorProperties(sim.endpoint().toString(), "/dev/null")) {
            return CliTestSupport.inProcessWithDb(pg, args);
        }
    }

    private static String[] args(String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of("apply"));
        all.addAll(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<Map<String, String>> withoutUpdateIds(List<Map<String, String>> rows) {
        return rows.stream().map(r -> {
            Map<String, String> copy = new LinkedHashMap<>(r);
            copy.put("update_id", copy.get("update_id").isEmpty() ? "" : "(set)");
            return copy;
        }).toList();
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        int end = markdown.indexOf("\n## ", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }
}
