/** The writers of report.csv / report.jsonl, summary.md and summary.json, and report --merge. */
package dev.eksidp.report;
