package dev.eksidp.targets;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails on an absurdly long physical line. Line-based CSV parsing buffers a whole line, so without this a
 * multi-gigabyte file with no newline (a binary blob, a one-line JSON dump) would exhaust the heap instead of
 * being rejected.
 */
final class LineLengthGuard extends FilterReader {

    /** Thrown through the CSV parser, which only passes IOExceptions on. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(String message) {
            super(message);
        }
    }

    private final int maxLineLength;
    private int currentLength;
    private long line = 1;

    LineLengthGuard(Reader in, int maxLineLength) {
        super(in);
        this.maxLineLength = maxLineLength;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) {
            count(buf[off + i]);
        }
        return n;
    }

    private void count(char c) throws LineTooLongException {
        if (c == '\n') {
            currentLength = 0;
            line++;
        } else if (++currentLength > maxLineLength) {
            throw new LineTooLongException("line " + line + " is longer than " + maxLineLength + " characters");
        }
    }
}
