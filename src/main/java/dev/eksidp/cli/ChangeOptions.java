package dev.eksidp.cli;

import picocli.CommandLine.Option;

/** What guards a run that changes clusters (apply, restore): the blast-radius cap and the confirmation. */
public class ChangeOptions {

    @Option(names = "--max-targets", paramLabel = "N",
            description = "Blast-radius cap: the run refuses (exit 64, before any AWS call) when more than N rows would be acted on.")
    Long maxTargets;

    @Option(names = "--yes", description = "Do not ask for confirmation (scheduled runs).")
    boolean yes;
}
