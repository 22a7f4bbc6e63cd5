package dev.eksidp.cli;

import picocli.CommandLine.Option;

/** The safety rails of apply: those plan shares, and the blast-radius cap, which only means something to apply. */
public class ApplyRailOptions extends SafetyRailOptions {

    @Option(names = "--max-targets", paramLabel = "N",
            description = "Blast-radius cap: apply refuses (exit 64, before any AWS call) when more than N rows would be acted on.")
    Long maxTargets;

    @Override
    Long maxTargets() {
        return maxTargets;
    }
}
