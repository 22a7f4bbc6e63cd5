package dev.eksidp.targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetFileReaderTest {

    @TempDir
    Path tmp;

    static Path corpus(String name) {
        try {
            return Path.of(TargetFileReaderTest.class.getResource("/targets/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<TargetRow> readAll(Path file) throws TargetFileException {
        List<TargetRow> rows = new ArrayList<>();
        try (TargetFileReader reader = TargetFileReader.open(file)) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    static List<TargetRow> readAll(String corpusName) throws TargetFileException {
        return readAll(corpus(corpusName));
    }

    // --- file-level problems ---

    @Test
    void missingFileIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(tmp.resolve("nope.csv")))
                .isInstanceOf(TargetFileException.class).hasMessageEndingWith("nope.csv does not exist");
    }

    @Test
    void directoryIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(tmp))
                .isInstanceOf(TargetFileException.class).hasMessageContaining("is a directory");
    }

    @Test
    void unreadableFileIsAFileError() throws IOException {
        Path file = Files.writeString(tmp.resolve("locked.csv"), "x");
        boolean made = file.toFile().setReadable(false, false);
        // root reads anything, so the check only means something for ordinary users.
        if (made && !Files.isReadable(file)) {
            assertThatThrownBy(() -> TargetFileReader.open(file))
                    .isInstanceOf(TargetFileException.class).hasMessageContaining("not readable");
        }
    }

    @Test
    void emptyFileIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("empty.csv")))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("is empty")
                .hasMessageContaining("account_id,region,cluster_name,provider_type,provider_name");
    }

    @Test
    void fileOfOnlyBlankLinesIsAFileError() throws IOException {
        Path file = Files.writeString(tmp.resolve("blank.csv"), "\n  \n\r\n");
        assertThatThrownBy(() -> TargetFileReader.open(file))
                .isInstanceOf(TargetFileException.class).hasMessageContaining("has no rows");
    }

    @Test
    void headerLackingAColumnNamesIt() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("missing-column.csv")))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("header lacks required column provider_type");
    }

    @Test
    void headerLackingSeveralColumnsNamesThemAll() throws IOException {
        Path file = Files.writeString(tmp.resolve("two.csv"), "account_id,region,cluster_name\n");
        assertThatThrownBy(() -> TargetFileReader.open(file))
                .hasMessageContaining("header lacks required columns provider_type, provider_name");
    }

    @Test
    void duplicateHeaderColumnIsAFileError() throws IOException {
        Path file = Files.writeString(tmp.resolve("dup.csv"),
                "account_id,region,cluster_name,provider_type,provider_name,Region\n");
        assertThatThrownBy(() -> TargetFileReader.open(file)).hasMessageContaining("column 'region' twice");
    }

    @Test
    void dataWithoutHeaderIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("no-header.csv")))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("looks like data, not a header");
    }

    @Test
    void textThatIsNotATargetsCsvIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("not-csv.txt")))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("not a targets CSV");
    }

    @Test
    void binaryFileIsAFileError() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("binary.bin")))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("not a CSV text file");
    }

    @Test
    void utf16FileIsAFileErrorWithAHint() {
        assertThatThrownBy(() -> TargetFileReader.open(corpus("utf16.csv")))
                .isInstanceOf(TargetFileException.class).hasMessageContaining("save it as UTF-8");
    }

    @Test
    void hugeLineWithoutNewlinesIsAFileError() throws IOException {
        Path file = tmp.resolve("blob.csv");
        Files.writeString(file, "a".repeat(TargetFileReader.MAX_LINE_LENGTH + 10));
        assertThatThrownBy(() -> TargetFileReader.open(file))
                .isInstanceOf(TargetFileException.class).hasMessageContaining("line 1 is longer than");
    }

    @Test
    void unbalancedQuoteIsAFileErrorNamingTheLine() {
        assertThatThrownBy(() -> readAll("unbalanced-quote.csv"))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("never closed");
    }

    @Test
    void quoteRunningOverTooManyLinesIsAFileError() throws IOException {
        Path file = tmp.resolve("runaway.csv");
        StringBuilder sb = new StringBuilder("account_id,region,cluster_name,provider_type,provider_name\n");
        sb.append("111111111111,us-east-1,prod-a,oidc,\"open\n");
        sb.append("111111111111,us-east-1,prod-a,oidc,okta\n".repeat(TargetFileReader.MAX_LINES_PER_RECORD + 5));
        Files.writeString(file, sb);
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(TargetFileException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unbalanced");
    }

    // --- good shapes ---

    @Test
    void headerOnlyFileHasNoRows() throws TargetFileException {
        assertThat(readAll("header-only.csv")).isEmpty();
    }

    @Test
    void extraColumnsAreIgnored() throws TargetFileException {
        assertThat(readAll("extra-columns.csv")).containsExactly(
                new TargetRow(2, "111111111111", "us-east-1", "prod-a", "oidc", "okta", null, null));
    }

    @Test
    void byteOrderMarkIsSkipped() throws TargetFileException {
        List<TargetRow> rows = readAll("bom.csv");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).valid()).isTrue();
        assertThat(rows.get(0).accountId()).isEqualTo("111111111111");
    }

    @Test
    void crlfLineEndsAreRead() throws TargetFileException {
        List<TargetRow> rows = readAll("crlf.csv");
        assertThat(rows).extracting(TargetRow::line).containsExactly(2L, 3L);
        assertThat(rows).allMatch(TargetRow::valid);
        assertThat(rows.get(1).providerName()).isEqualTo("azure-ad");
    }

    @Test
    void quotedFieldsKeepCommasAndQuotes() throws TargetFileException {
        List<TargetRow> rows = readAll("quoted-commas.csv");
        assertThat(rows).extracting(TargetRow::providerName).containsExactly("okta, corp", "say \"hi\"");
        assertThat(rows).allMatch(TargetRow::valid);
    }

    @Test
    void embeddedNewlinesAndBlankLinesKeepPhysicalLineNumbers() throws TargetFileException {
        List<TargetRow> rows = readAll("embedded-newlines.csv");
        assertThat(rows).extracting(TargetRow::line).containsExactly(2L, 5L, 7L, 9L);
        assertThat(rows.get(0).providerName()).isEqualTo("multi\nline\nname");
        // A newline is a control character, so such a name is invalid, but it is still read in one piece.
        assertThat(rows.get(0).problem()).contains("control characters");
        assertThat(rows.get(1).valid()).isTrue();
        assertThat(rows.get(3).valid()).isTrue();
    }

    @Test
    void blankLinesAndEmptyRowsAreSkipped() throws TargetFileException {
        List<TargetRow> rows = readAll("blank-lines.csv");
        assertThat(rows).extracting(TargetRow::line).containsExactly(5L, 8L);
        assertThat(rows).allMatch(TargetRow::valid);
    }

    @Test
    void cellsAndHeaderNamesAreTrimmed() throws TargetFileException {
        assertThat(readAll("trailing-spaces.csv")).containsExactly(
                new TargetRow(2, "111111111111", "us-east-1", "prod-a", "oidc", "okta", null, null));
    }

    @Test
    void headerIsCaseInsensitiveInAnyOrder() throws TargetFileException {
        assertThat(readAll("mixed-case-header.csv")).containsExactly(
                new TargetRow(2, "111111111111", "us-east-1", "prod-a", "oidc", "okta", null, null));
    }

    @Test
    void roleArnColumnIsReadAndChecked() throws TargetFileException {
        List<TargetRow> rows = readAll("role-arn.csv");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).roleArn()).isEqualTo("arn:aws:iam::111111111111:role/ops/EksRemediation");
        assertThat(rows.get(0).valid()).isTrue();
        assertThat(rows.get(1).problem())
                .isEqualTo("role_arn account 222222222222 does not match account_id 111111111111");
        assertThat(rows.get(2).roleArn()).isNull();
        assertThat(rows.get(2).valid()).isTrue();
        assertThat(rows.get(3).problem()).contains("role_arn 'not-an-arn' is not an IAM role ARN");
        assertThat(rows.get(4).problem()).contains("expected aws-cn");
    }

    // --- row-level problems ---

    @Test
    void invalidUtf8SpoilsOnlyItsRow() throws TargetFileException {
        List<TargetRow> rows = readAll("non-utf8.csv");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).problem()).isEqualTo("row is not valid UTF-8 (provider_name); save the file as UTF-8");
        assertThat(rows.get(1).valid()).isTrue();
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void invalidUtf8InAnIgnoredColumnDoesNotMatter() throws IOException, TargetFileException {
        Path file = tmp.resolve("latin1-notes.csv");
        Files.write(file, "account_id,region,cluster_name,provider_type,provider_name,notes\n111111111111,us-east-1,prod-a,oidc,okta,caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readAll(file)).singleElement().satisfies(row -> assertThat(row.valid()).isTrue());
    }

    @Test
    void wrongFieldCountIsARowProblem() throws TargetFileException {
        List<TargetRow> rows = readAll("wrong-field-count.csv");
        assertThat(rows).extracting(TargetRow::problem).containsExactly(
                "row has 3 fields, header has 5", "row has 6 fields, header has 5", null);
        assertThat(rows.get(0).accountId()).isEqualTo("111111111111");
        assertThat(rows.get(0).providerName()).isNull();
    }

    @Test
    void accountIdMustBeTwelveDigits() throws TargetFileException {
        assertThat(readAll("bad-account.csv")).extracting(TargetRow::problem).containsExactly(
                "account_id '12345678901a' is not 12 digits",
                "account_id '12345678901' is not 12 digits (leading zeros lost?)");
    }

    @Test
    void regionMustBeKnown() throws TargetFileException {
        assertThat(readAll("unknown-region.csv")).extracting(TargetRow::problem).containsExactly(
                "unknown region 'mars-north-1': not an AWS region name",
                "unknown region 'US-EAST-1': not an AWS region name",
                null);
    }

    @Test
    void clusterNameFollowsTheEksRules() throws TargetFileException {
        List<TargetRow> rows = readAll("bad-cluster-names.csv");
        assertThat(rows.get(0).problem()).contains("is longer than 100 characters");
        assertThat(rows.get(1).problem()).startsWith("cluster_name 'prod a' must start with a letter or digit");
        assertThat(rows.get(2).problem()).startsWith("cluster_name '-prod' must start");
        assertThat(rows.get(3).valid()).isTrue();
        assertThat(rows.get(4).problem()).isEqualTo("missing value for cluster_name");
    }

    @Test
    void providerTypeAndNameAreChecked() throws TargetFileException {
        List<TargetRow> rows = readAll("bad-provider.csv");
        assertThat(rows.get(0).problem()).isEqualTo("provider_type 'OIDC' is not 'oidc' (the only type EKS supports)");
        assertThat(rows.get(1).problem()).contains("provider_name").contains("longer than 100");
        assertThat(rows.get(2).problem()).isEqualTo("provider_name 'tab\\u0009here' contains control characters");
    }

    @Test
    void formulaLookingProviderNameIsStillValid() throws TargetFileException {
        List<TargetRow> rows = readAll("formula-provider.csv");
        assertThat(rows).allMatch(TargetRow::valid);
        assertThat(rows.get(0).providerName()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"x\")");
    }

    // --- streaming ---

    @Test
    void streamsAHundredThousandRows() throws IOException, TargetFileException {
        Path file = tmp.resolve("big.csv");
        int count = 100_000;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("account_id,region,cluster_name,provider_type,provider_name\n");
            for (int i = 0; i < count; i++) {
                w.write("111111111111,us-east-1,prod-a,oidc,okta\n");
            }
        }
        long start = System.nanoTime();
        long rows = 0;
        long lastLine = 0;
        try (TargetFileReader reader = TargetFileReader.open(file)) {
            for (TargetRow row = reader.next(); row != null; row = reader.next()) {
                rows++;
                lastLine = row.line();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(rows).isEqualTo(count);
        assertThat(lastLine).isEqualTo(count + 1);
        assertThat(millis).isLessThan(10_000);
    }
}
