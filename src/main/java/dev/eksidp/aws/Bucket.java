package dev.eksidp.aws;

/**
 * An (account, region): the unit AWS rate-limits EKS by, and so the unit of pacing (one limiter each) and of
 * the remediate step's partitions.
 */
public record Bucket(String accountId, String region) {

    /** The limiter key; account ids and region names never contain '|'. */
    @Override
    public String toString() {
        return accountId + "|" + region;
    }
}
