package dev.eksidp.aws;

import software.amazon.awssdk.services.sts.StsClient;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The regional STS endpoints an AssumeRole may go through, in order: the hub's region, then the target's region,
 * then us-east-1, whose endpoint an account cannot deactivate (aws partition). An account may deactivate STS in
 * any other region; AssumeRole there is 403 RegionDisabledException, which says nothing about the role.
 */
record StsEndpoints(String hubRegion, Function<String, StsClient> clientIn) {

    private static final String ALWAYS_ACTIVE = "us-east-1";

    List<String> regionsFor(String targetRegion) {
        LinkedHashSet<String> regions = new LinkedHashSet<>();
        regions.add(hubRegion);
        if (targetRegion != null) {
            regions.add(targetRegion);
        }
        if (RoleArns.partition(hubRegion).equals("aws")) {
            regions.add(ALWAYS_ACTIVE);
        }
        return List.copyOf(regions);
    }

    static boolean isRegionDisabled(Throwable e) {
        return AwsErrors.is(e, "RegionDisabledException");
    }
}
