/**
 * The command line (picocli): one class per subcommand, the option mixins they share (role, run, wait, safety
 * rails, repository, metrics), exit codes, run locks and the one place commands are built with what they need
 * ({@code Main.Factory}).
 */
package dev.eksidp.cli;
