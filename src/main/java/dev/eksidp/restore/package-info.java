/**
 * restore: what apply keeps of each config it removes ({@link dev.eksidp.restore.RemovedConfig}, stored before the
 * removal and sealed with the run's reports), and putting it back ({@link dev.eksidp.restore.Restorer}, the remediator
 * of a run in mode RESTORE).
 */
package dev.eksidp.restore;
