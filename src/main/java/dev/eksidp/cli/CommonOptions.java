package dev.eksidp.cli;

import picocli.CommandLine.Mixin;

/**
 * What every command that runs a job against AWS takes (plan, apply, restore, resume, discover, verify): the job
 * repository, the metrics file and the AWS configuration.
 */
public class CommonOptions {

    @Mixin
    RepositoryOptions repository;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    AwsOptions aws;
}
