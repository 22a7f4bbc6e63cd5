package dev.eksidp.discovery;

import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.PacedCalls;
import dev.eksidp.aws.RoleAssumptionException;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;

import java.time.Duration;
import java.util.List;

/**
 * For {@code --all-regions}: the (account, region) units of one account, from the account's own ListRegions answer
 * intersected with the regions that offer EKS, so no call goes to a region the account has not enabled. An account
 * whose regions cannot be listed becomes one unreadable unit with region {@link #ALL}.
 */
public final class AccountRegionLister {

    /** The region of the unit that stands for "every region of this account" when they could not be listed. */
    public static final String ALL = "*";

    /** units: the regions to scan; failure: the account's unreadable unit when ListRegions failed (units empty). */
    public record Listed(List<ScanUnit> units, ScanResult failure) {
    }

    private final AwsSessions sessions;
    private final AdaptiveRateLimiter limiter;
    private final int maxAttempts;
    private final Duration backoffBase;

    public AccountRegionLister(AwsSessions sessions, AdaptiveRateLimiter limiter, int maxAttempts, Duration backoffBase) {
        this.sessions = sessions;
        this.limiter = limiter;
        this.maxAttempts = maxAttempts;
        this.backoffBase = backoffBase;
    }

    public Listed list(String accountId) {
        PacedCalls calls = new PacedCalls(limiter, maxAttempts, backoffBase);
        ScanUnit all = new ScanUnit(accountId, ALL);
        try {
            List<String> enabled = sessions.enabledRegions(accountId, calls);
            return new Listed(EksRegions.offeredIn(enabled).stream().map(r -> new ScanUnit(accountId, r)).toList(), null);
        } catch (RoleAssumptionException e) {
            return new Listed(List.of(), new ScanResult(all, e.denied() ? ScanResult.ACCESS_DENIED : ScanResult.FAILED, 0, 0,
                    List.of(), e.errorCode(), "cannot assume the role: " + e.getMessage(), calls.attempts()));
        } catch (RuntimeException e) {
            String status = AwsErrors.isAccessDenied(e) ? ScanResult.ACCESS_DENIED : ScanResult.FAILED;
            return new Listed(List.of(), new ScanResult(all, status, 0, 0, List.of(), AwsErrors.code(e),
                    "cannot list the account's regions (account:ListRegions): " + AwsErrors.message(e), calls.attempts()));
        }
    }
}
