package dev.eksidp.output;

/**
 * Keeps spreadsheets from running report cells as formulas. Provider names, cluster names and AWS error
 * messages are outside text; opened in Excel or Sheets, a cell like {@code =HYPERLINK(...)} would otherwise
 * execute (OWASP "CSV injection").
 */
public final class FormulaGuard {

    private FormulaGuard() {
    }

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
