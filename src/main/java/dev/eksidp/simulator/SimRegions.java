package dev.eksidp.simulator;

import java.util.List;
import java.util.Set;

/**
 * The commercial regions Account Management's ListRegions answers with: the ones every account has
 * (ENABLED_BY_DEFAULT) and the opt-in ones, ENABLED only in accounts that enabled them (a fleet account's
 * optInRegions), DISABLED elsewhere. A copy of AWS's list, so the simulator does not depend on the SDK it tests.
 */
public final class SimRegions {

    public static final List<String> DEFAULT = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1");

    public static final Set<String> OPT_IN = Set.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
            "me-central-1", "me-south-1", "mx-central-1");

    private SimRegions() {
    }
}
