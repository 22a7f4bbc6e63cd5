package dev.eksidp.discovery;

/** One (account, region) to scan: the unit AWS rate-limits, and the unit of discovery's restart. */
public record ScanUnit(String accountId, String region) {
}
