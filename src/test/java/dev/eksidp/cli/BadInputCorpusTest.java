package dev.eksidp.cli;

import dev.eksidp.job.SimulatedAws;
import dev.eksidp.simulator.Fleet;
import dev.eksidp.simulator.Fleet.Account;
import dev.eksidp.simulator.Fleet.Cluster;
import dev.eksidp.simulator.Fleet.IdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the bad-input corpus through {@code plan}: a clear one-line usage error (exit 64, no report at
 * all) or a finished run with one report line per data row; never a stack trace, never a half-written report.
 */
class BadInputCorpusTest {

    private static SimulatedAws aws;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSimulator() {
        aws = SimulatedAws.start(Fleet.of(List.of(Account.of("123456789012",
                Cluster.of("us-east-1", "prod-a", IdentityProvider.oidc("corp-okta"))))));
    }

    @AfterAll
    static void stopSimulator() {
        aws.close();
    }

    static Stream<Path> corpus() throws Exception {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachFileGivesAUsageErrorOrACompleteReport(Path file) throws Exception {
        Path reports = tmp.resolve(file.getFileName() + "-reports");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new Main(new CliEnvironment(new PrintStream(out, true), new PrintStream(err, true),
                new BufferedReader(new StringReader("")), false)).run(new String[] {"plan", "--targets", file.toString(),
                "--report-dir", reports.toString(), "--job-repository", "jdbc:h2:mem:corpus;DB_CLOSE_DELAY=-1"});

        String console = out + "\n" + err;
        assertThat(console).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(code).isIn(ExitCodes.USAGE, ExitCodes.OK, ExitCodes.NEEDS_ATTENTION);
        if (code == ExitCodes.USAGE) {
            assertThat(err.toString().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
            assertThat(reports).doesNotExist();
        } else {
            List<String> report = Files.readAllLines(reports.resolve("plan.csv"));
            assertThat(report.getFirst()).startsWith("line,account_id,");
            assertThat(reports.resolve("plan.jsonl")).exists();
            assertThat(reports.resolve("summary.md")).exists();
            try (var listing = Files.list(reports)) {
                assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    @Test
    void oneHundredThousandCopiesOfOneRowAreOneTargetAndDuplicates() throws Exception {
        Path file = tmp.resolve("duplicates.csv");
        List<String> lines = new ArrayList<>(List.of("account_id,region,cluster_name,provider_type,provider_name"));
        for (int i = 0; i < 100_000; i++) {
            lines.add("123456789012,us-east-1,prod-a,oidc,corp-okta");
        }
        Files.write(file, lines);
        Path reports = tmp.resolve("duplicates-reports");

        int code = new Main(new CliEnvironment(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                new BufferedReader(new StringReader("")), false)).run(new String[] {"plan", "--targets", file.toString(),
                "--report-dir", reports.toString(), "--job-repository", "jdbc:h2:mem:corpus-dup;DB_CLOSE_DELAY=-1"});

        assertThat(code).isEqualTo(ExitCodes.NEEDS_ATTENTION);
        try (Stream<String> report = Files.lines(reports.resolve("plan.csv"))) {
            List<String> outcomes = report.skip(1).map(l -> l.split(",")[6]).toList();
            assertThat(outcomes).hasSize(100_000);
            assertThat(outcomes.getFirst()).isEqualTo("WOULD_DISASSOCIATE");
            assertThat(outcomes.stream().skip(1)).allMatch("DUPLICATE"::equals);
        }
        assertThat(aws.stats().calls("DescribeIdentityProviderConfig")).isLessThanOrEqualTo(20);
    }

    private static Path corpusDir() throws URISyntaxException {
        return Path.of(BadInputCorpusTest.class.getResource("/targets/empty.csv").toURI()).getParent();
    }
}
