/**
 * The output kit and the reports: atomic owner-only files, Markdown and the CSV formula guard, JSON Lines
 * reading, and the writers of report.csv / report.jsonl, summary.md and summary.json.
 */
package dev.eksidp.report;
