package dev.eksidp.discovery;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The regions {@code --all-regions} scans in one account: those the account has enabled (its own ListRegions answer)
 * where the SDK's metadata says EKS is offered. The metadata alone would also name regions the account has not
 * opted into (each a refused call) and other partitions; the account's answer alone would name regions without EKS.
 */
public final class EksRegions {

    private static final Set<String> EKS = ServiceMetadata.of("eks").regions().stream().map(Region::id)
            .collect(Collectors.toUnmodifiableSet());

    private EksRegions() {
    }

    /** The enabled regions that offer EKS, sorted. */
    public static List<String> offeredIn(Collection<String> enabled) {
        return enabled.stream().filter(EKS::contains).distinct().sorted().toList();
    }
}
