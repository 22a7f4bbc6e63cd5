package dev.eksidp.cli;

import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps every command's --help at spaces only. picocli wraps where java.text.BreakIterator allows a line break, and
 * that allows one after any "." or ":" before a letter, which cut file names ("report." / "jsonl") and IAM actions
 * ("eks:" / "AssociateIdentityProviderConfig") in two; picocli's break rules cannot be changed. So picocli lays
 * each section out on lines too wide to wrap, and this wraps them to {@link #WIDTH}, each continuation indented to
 * where its line's text starts (a table row's description column).
 */
final class HelpWrap {

    static final int WIDTH = 80;
    /** Wider than any line of help, so picocli never wraps one itself. */
    private static final int UNWRAPPED = 10_000;
    /** A table row: its first cells, then a gap of two or more spaces before the description column. */
    private static final Pattern TABLE_ROW = Pattern.compile("^ *\\S.*?\\S {2,}(?=\\S)");

    private HelpWrap() {
    }

    /** Lays out the help of {@code root} and all its subcommands this way. */
    static void install(CommandLine root) {
        root.setUsageHelpWidth(UNWRAPPED);
        wrapSections(root);
    }

    private static void wrapSections(CommandLine command) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(command.getHelpSectionMap());
        IHelpSectionRenderer heading = sections.get(UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING);
        IHelpSectionRenderer synopsis = sections.get(UsageMessageSpec.SECTION_KEY_SYNOPSIS);
        sections.replaceAll((key, section) -> help -> wrap(section.render(help), -1));
        if (heading != null && synopsis != null) {
            // "Usage: " and the synopsis are one line: wrapped together, continued under the first option.
            sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, help -> "");
            sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
                String head = heading.render(help);
                return wrap(head + synopsis.render(help), head.length() + help.commandSpec().qualifiedName().length() + 1);
            });
        }
        command.setHelpSectionMap(sections);
        command.getSubcommands().values().forEach(HelpWrap::wrapSections);
    }

    /** @param continuation the indent of continued lines, or -1: where each line's text starts */
    static String wrap(String text, int continuation) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i].stripTrailing();
            int indent = continuation >= 0 ? continuation : indent(line);
            while (line.length() > WIDTH) {
                int cut = line.lastIndexOf(' ', WIDTH);
                if (cut <= indent) {
                    // A word longer than the room (a CSV header): after a comma, else whole on a line of its own.
                    int comma = line.lastIndexOf(',', WIDTH - 1);
                    cut = comma > indent ? comma + 1 : line.indexOf(' ', WIDTH);
                    if (cut < 0) {
                        break;
                    }
                }
                out.append(line, 0, cut).append('\n');
                line = " ".repeat(indent) + line.substring(cut).stripLeading();
            }
            out.append(line);
        }
        return out.toString();
    }

    /** Where a line's text column starts: a table row's description, else the line's own indent. */
    private static int indent(String line) {
        Matcher row = TABLE_ROW.matcher(line);
        if (row.find() && row.end() <= WIDTH / 2) {
            return row.end();
        }
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
