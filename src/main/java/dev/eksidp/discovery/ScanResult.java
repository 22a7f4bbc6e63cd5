package dev.eksidp.discovery;

import java.util.List;

/**
 * What scanning one (account, region) found. status: SCANNED, ACCESS_DENIED (the role cannot be assumed or EKS
 * refused it: the account cannot be read), NOT_ENABLED (an opt-in region the account has not enabled), FAILED
 * (errors that retries did not cure).
 */
public record ScanResult(ScanUnit unit, String status, int clusters, int providers, List<DiscoveredProvider> matches,
                         String errorCode, String errorMessage, int attempts) {

    public static final String SCANNED = "SCANNED";
    public static final String ACCESS_DENIED = "ACCESS_DENIED";
    public static final String NOT_ENABLED = "NOT_ENABLED";
    public static final String FAILED = "FAILED";

    /** Whether the unit could not be read, so clusters there may have been missed. */
    public static boolean unreadable(String status) {
        return ACCESS_DENIED.equals(status) || FAILED.equals(status);
    }
}
