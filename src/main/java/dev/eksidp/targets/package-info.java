/** Reading and validating the targets CSV: one row at a time, with line numbers, never trusting its text. */
package dev.eksidp.targets;
