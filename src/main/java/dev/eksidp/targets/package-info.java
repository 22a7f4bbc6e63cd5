/**
 * Reading and validating the targets CSV: one row at a time, with line numbers, never trusting its text; and
 * {@code TargetClassifier}, the rules that say which of its rows a run acts on.
 */
package dev.eksidp.targets;
