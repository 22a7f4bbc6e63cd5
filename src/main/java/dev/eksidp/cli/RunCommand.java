package dev.eksidp.cli;

import picocli.CommandLine.Mixin;


/** plan, apply and restore: the options they share, and the starter that checks them and starts the run. */
abstract class RunCommand extends Subcommand {

    @Mixin
    RunOptions run;

    @Mixin
    SafetyRailOptions rails;

    @Mixin
    CommonOptions common;

    final RunStarter starter;

    RunCommand(CliEnvironment env, RunStarter starter) {
        super(env);
        this.starter = starter;
    }
}
