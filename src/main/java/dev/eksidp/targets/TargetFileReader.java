package dev.eksidp.targets;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Streams the rows of a targets file one at a time, so a file of any length is read in constant memory.
 * Problems with the file as a whole throw {@link TargetFileException}; problems with one row never do: the row
 * comes back with {@link TargetRow#problem()} set, so one bad line costs that line only.
 */
public final class TargetFileReader implements AutoCloseable {

    // Far beyond any real row; small enough that a blob with no newlines is refused before it fills the heap.
    static final int MAX_LINE_LENGTH = 64 * 1024;
    // A quoted value spanning more lines than this is almost certainly an unbalanced quote eating the file.
    static final int MAX_LINES_PER_RECORD = 100;
    private static final int SNIFF_BYTES = 8192;
    private static final char REPLACEMENT = '\uFFFD';

    private final CSVReader csv;
    private final TargetHeader header;
    private final String fileName;
    private final boolean allowUnknownRegions;

    private TargetFileReader(CSVReader csv, TargetHeader header, String fileName, boolean allowUnknownRegions) {
        this.csv = csv;
        this.header = header;
        this.fileName = fileName;
        this.allowUnknownRegions = allowUnknownRegions;
    }

    public static TargetFileReader open(Path file) throws TargetFileException {
        return open(file, false);
    }

    /** @param allowUnknownRegions accept well-formed regions the SDK's metadata does not know yet */
    public static TargetFileReader open(Path file, boolean allowUnknownRegions) throws TargetFileException {
        String fileName = file.toString();
        if (Files.isDirectory(file)) {
            throw new TargetFileException(fileName + " is a directory, not a targets CSV file");
        }
        InputStream in = openStream(file, fileName);
        CSVReader csv = null;
        try {
            sniff(in, fileName);
            csv = csvReader(in);
            TargetFileReader reader = new TargetFileReader(csv, null, fileName, allowUnknownRegions);
            String[] headerCells = reader.nextNonBlankRecord();
            if (headerCells == null) {
                throw new TargetFileException(fileName + " has no rows; expected a header line "
                        + String.join(",", TargetHeader.REQUIRED));
            }
            return new TargetFileReader(csv, TargetHeader.parse(headerCells, fileName), fileName, allowUnknownRegions);
        } catch (TargetFileException | RuntimeException e) {
            closeQuietly(csv != null ? csv : in);
            throw e;
        }
    }

    /** The next row, or null at end of file. */
    public TargetRow next() throws TargetFileException {
        long startLine = csv.getLinesRead() + 1;
        String[] cells;
        while (true) {
            cells = readRecord(startLine);
            if (cells == null) {
                return null;
            }
            if (!isBlank(cells)) {
                break;
            }
            startLine = csv.getLinesRead() + 1;
        }
        return toRow(startLine, cells);
    }

    @Override
    public void close() throws TargetFileException {
        try {
            csv.close();
        } catch (IOException e) {
            throw new TargetFileException("cannot close " + fileName + ": " + e.getMessage(), e);
        }
    }

    private TargetRow toRow(long line, String[] cells) {
        String accountId = cell(cells, header.accountId());
        String region = cell(cells, header.region());
        String clusterName = cell(cells, header.clusterName());
        String providerType = cell(cells, header.providerType());
        String providerName = cell(cells, header.providerName());
        String roleArn = cell(cells, header.roleArn());
        if (roleArn != null && roleArn.isEmpty()) {
            roleArn = null;
        }
        String problem;
        if (cells.length != header.width()) {
            // Values may have slid into the wrong columns, so checking them would only add confusing reasons.
            problem = "row has " + cells.length + " field" + (cells.length == 1 ? "" : "s") + ", header has "
                    + header.width();
        } else {
            problem = undecodable(accountId, region, clusterName, providerType, providerName, roleArn);
            if (problem == null) {
                problem = TargetValidator.problem(accountId, region, clusterName, providerType, providerName, roleArn,
                        allowUnknownRegions);
            }
        }
        return new TargetRow(line, accountId, region, clusterName, providerType, providerName, roleArn, problem);
    }

    /**
     * The file is decoded with REPLACE so that one stray Latin-1 byte spoils its own row rather than the whole
     * file; a replacement character therefore marks a value that was not valid UTF-8. Only the columns the tool
     * uses count: an accented note in an ignored column does not make the target wrong.
     */
    private static String undecodable(String accountId, String region, String clusterName, String providerType,
                                      String providerName, String roleArn) {
        String[][] named = {{"account_id", accountId}, {"region", region}, {"cluster_name", clusterName},
                {"provider_type", providerType}, {"provider_name", providerName}, {"role_arn", roleArn}};
        for (String[] column : named) {
            if (column[1] != null && column[1].indexOf(REPLACEMENT) >= 0) {
                return "row is not valid UTF-8 (" + column[0] + "); save the file as UTF-8";
            }
        }
        return null;
    }

    private String[] nextNonBlankRecord() throws TargetFileException {
        String[] cells;
        do {
            cells = readRecord(csv.getLinesRead() + 1);
        } while (cells != null && isBlank(cells));
        return cells;
    }

    private String[] readRecord(long startLine) throws TargetFileException {
        try {
            return csv.readNext();
        } catch (LineLengthGuard.LineTooLongException e) {
            throw new TargetFileException(fileName + ": " + e.getMessage() + "; is this a targets CSV file?", e);
        } catch (CsvMalformedLineException e) {
            throw new TargetFileException(fileName + ": line " + startLine
                    + ": a quoted value is never closed (unbalanced '\"')", e);
        } catch (CsvMultilineLimitBrokenException e) {
            throw new TargetFileException(fileName + ": line " + startLine + ": a quoted value runs over more than "
                    + MAX_LINES_PER_RECORD + " lines; is a '\"' unbalanced?", e);
        } catch (IOException e) {
            throw new TargetFileException("cannot read " + fileName + ": " + e.getMessage(), e);
        } catch (CsvException e) {
            throw new TargetFileException(fileName + ": line " + startLine + ": " + e.getMessage(), e);
        }
    }

    private static String cell(String[] cells, int index) {
        if (index == TargetHeader.ABSENT || index >= cells.length || cells[index] == null) {
            return null;
        }
        return cells[index].trim();
    }

    /** Blank lines, and the all-empty rows spreadsheets append, carry no target. */
    private static boolean isBlank(String[] cells) {
        for (String c : cells) {
            if (c != null && !c.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static InputStream openStream(Path file, String fileName) throws TargetFileException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), SNIFF_BYTES);
        } catch (NoSuchFileException e) {
            throw new TargetFileException(fileName + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TargetFileException(fileName + " is not readable (permission denied)", e);
        } catch (IOException e) {
            throw new TargetFileException("cannot open " + fileName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rejects files that are plainly not UTF-8 text before parsing, and skips a UTF-8 byte order mark so that the
     * first header name is not read as "\uFEFFaccount_id".
     */
    private static void sniff(InputStream in, String fileName) throws TargetFileException {
        byte[] head = new byte[SNIFF_BYTES];
        int n;
        try {
            in.mark(SNIFF_BYTES);
            n = in.readNBytes(head, 0, SNIFF_BYTES);
            in.reset();
        } catch (IOException e) {
            throw new TargetFileException("cannot read " + fileName + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new TargetFileException(fileName + " is empty; expected a header line "
                    + String.join(",", TargetHeader.REQUIRED));
        }
        if (n >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            throw new TargetFileException(fileName + " is UTF-16; save it as UTF-8 CSV");
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw new TargetFileException(fileName + " is not a CSV text file (it contains NUL bytes)");
            }
        }
        if (n >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            try {
                in.skipNBytes(3);
            } catch (IOException e) {
                throw new TargetFileException("cannot read " + fileName + ": " + e.getMessage(), e);
            }
        }
    }

    private static CSVReader csvReader(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Reader reader = new LineLengthGuard(new InputStreamReader(in, decoder), MAX_LINE_LENGTH);
        return new CSVReaderBuilder(reader)
                // RFC 4180: quotes are doubled, and a backslash is an ordinary character (Windows paths, regexes).
                .withCSVParser(new RFC4180ParserBuilder().build())
                .withMultilineLimit(MAX_LINES_PER_RECORD)
                .build();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Already failing with a more useful message.
        }
    }
}
