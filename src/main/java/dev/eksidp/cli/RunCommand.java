package dev.eksidp.cli;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** plan, apply and restore: the options they share, and the starter that checks them and starts the run. */
abstract class RunCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Mixin
    SafetyRailOptions rails;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    AwsOptions aws;

    final RunStarter starter;

    RunCommand(RunStarter starter) {
        this.starter = starter;
    }
}
