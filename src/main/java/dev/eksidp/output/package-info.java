/**
 * The output kit every report writer uses: atomic, owner-only files and directories, Markdown with escaped cells,
 * the CSV formula guard, and reading JSON Lines reports.
 */
package dev.eksidp.output;
