package dev.eksidp.discovery;

import dev.eksidp.aws.AccountClient;
import dev.eksidp.aws.AwsErrors;
import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.RetryPolicy;
import dev.eksidp.aws.RoleAssumptionException;
import io.github.resilience4j.retry.Retry;
import software.amazon.awssdk.services.account.model.ListRegionsResponse;
import software.amazon.awssdk.services.account.model.RegionOptStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * For {@code --all-regions}: the (account, region) units of one account, from the account's own ListRegions answer
 * (opt status ENABLED or ENABLED_BY_DEFAULT, every page) intersected with the regions that offer EKS, so no call
 * goes to a region the account has not enabled. An account whose regions cannot be listed becomes one unreadable
 * unit with region {@link #ALL}.
 */
public final class AccountRegionLister {

    /** The region of the unit that stands for "every region of this account" when they could not be listed. */
    public static final String ALL = "*";

    /** units: the regions to scan; failure: the account's unreadable unit when ListRegions failed (units empty). */
    public record Listed(List<ScanUnit> units, ScanResult failure) {
    }

    private final AwsSessions sessions;
    private final Retry retry;

    public AccountRegionLister(AwsSessions sessions, RetryPolicy retry) {
        this.sessions = sessions;
        this.retry = retry.forCalls("list-regions");
    }

    public Listed list(String accountId) {
        ScanUnit all = new ScanUnit(accountId, ALL);
        try {
            List<String> enabled = enabledRegions(sessions.account(accountId));
            return new Listed(EksRegions.offeredIn(enabled).stream().map(r -> new ScanUnit(accountId, r)).toList(), null);
        } catch (RoleAssumptionException e) {
            return new Listed(List.of(), new ScanResult(all, e.denied() ? ScanResult.ACCESS_DENIED : ScanResult.FAILED, 0, 0,
                    List.of(), e.errorCode(), "cannot assume the role: " + e.getMessage(), 0));
        } catch (RuntimeException e) {
            String status = AwsErrors.isAccessDenied(e) ? ScanResult.ACCESS_DENIED : ScanResult.FAILED;
            return new Listed(List.of(), new ScanResult(all, status, 0, 0, List.of(), AwsErrors.code(e),
                    "cannot list the account's regions (account:ListRegions): " + AwsErrors.message(e), 0));
        }
    }

    private List<String> enabledRegions(AccountClient<software.amazon.awssdk.services.account.AccountClient> account) {
        List<String> regions = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListRegionsResponse page = retry.executeSupplier(() -> account.call(() -> account.client().listRegions(b -> b
                    .overrideConfiguration(account.asAccount())
                    .regionOptStatusContains(RegionOptStatus.ENABLED, RegionOptStatus.ENABLED_BY_DEFAULT)
                    .nextToken(next))));
            page.regions().forEach(r -> regions.add(r.regionName()));
            token = page.nextToken();
        } while (token != null);
        return regions;
    }
}
