package dev.eksidp.output;

import java.util.List;

/** Just enough Markdown for summary.md, with every cell escaped: the values come from the targets file and AWS. */
public final class Markdown {

    private Markdown() {
    }

    /**
     * Text safe inside a table cell or on one line: a raw '|' would split the cell and a newline would end the
     * table. Backslashes are doubled so that a value ending in '\' cannot escape the next separator.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '|' -> sb.append("\\|");
                case '\r' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    sb.append(' ');
                }
                case '\n' -> sb.append(' ');
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.toString();
    }

    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    /** A table; cells are escaped here. rightAligned[i] marks numeric columns. */
    public static void table(StringBuilder out, List<String> headers, boolean[] rightAligned, List<List<String>> rows) {
        row(out, headers);
        out.append('|');
        for (int i = 0; i < headers.size(); i++) {
            out.append(rightAligned[i] ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (List<String> r : rows) {
            row(out, r);
        }
    }

    /** A fenced code block whose fence is longer than any backtick run in the content. */
    public static void codeBlock(StringBuilder out, String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        out.append(fence).append('\n').append(content).append('\n').append(fence).append('\n');
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(escape(cell)).append(" |");
        }
        out.append('\n');
    }
}
