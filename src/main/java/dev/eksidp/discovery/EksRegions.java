package dev.eksidp.discovery;

import java.util.List;

/**
 * The regions {@code discover --all-regions} scans: a fixed, documented list of the commercial-partition (aws)
 * regions where Amazon EKS is offered. A fixed list rather than the SDK's {@code Region.regions()}: the SDK's list
 * also holds global pseudo-regions, the China and GovCloud partitions (which the hub's credentials cannot reach)
 * and regions without EKS, each of which would become a spurious error line. Opt-in regions that an account has
 * not enabled are reported as NOT_ENABLED for that account, not as failures. Add a region with --regions.
 */
public final class EksRegions {

    public static final List<String> COMMERCIAL = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
            "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2",
            "eu-north-1",
            "il-central-1", "me-south-1", "me-central-1", "mx-central-1",
            "sa-east-1");

    private EksRegions() {
    }
}
