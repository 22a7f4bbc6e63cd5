package dev.eksidp.aws;

import dev.eksidp.organization.OrgAccount;
import dev.eksidp.organization.OrgTree;
import dev.eksidp.ratelimit.AdaptiveRateLimiter;
import dev.eksidp.stop.StopSignal;
import io.github.resilience4j.retry.Retry;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.Child;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.ListChildrenResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The organisation's accounts and units, read as the hub identity, every page through one limiter: Organizations
 * allows few requests per second per account, and a TooManyRequestsException slows the limiter and is retried
 * by the run's {@link RetryPolicy}.
 */
public final class OrganizationsReader implements OrgTree {

    /** What Organizations answers a caller that is neither the management account nor a delegated administrator. */
    private static final Set<String> NOT_ALLOWED = Set.of("AccessDeniedException", "AWSOrganizationsNotInUseException");

    /** The hub identity cannot read the organisation; the message says what it needs. */
    public static final class NotReadable extends RuntimeException {
        NotReadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OrganizationsClient client;
    private final AdaptiveRateLimiter limiter;
    private final StopSignal stop;
    private final Retry retry;

    OrganizationsReader(OrganizationsClient client, AdaptiveRateLimiter limiter, StopSignal stop, RetryPolicy retry) {
        this.client = client;
        this.limiter = limiter;
        this.stop = stop;
        this.retry = retry.forCalls("organizations");
    }

    @Override
    public List<OrgAccount> allAccounts() {
        return pages(token -> {
            ListAccountsResponse r = client.listAccounts(b -> b.nextToken(token));
            return new Page<>(r.accounts().stream().map(OrganizationsReader::account).toList(), r.nextToken());
        });
    }

    @Override
    public List<OrgAccount> accountsUnder(String parentId) {
        return pages(token -> {
            ListAccountsForParentResponse r = client.listAccountsForParent(b -> b.parentId(parentId).nextToken(token));
            return new Page<>(r.accounts().stream().map(OrganizationsReader::account).toList(), r.nextToken());
        });
    }

    @Override
    public List<String> unitsUnder(String parentId) {
        return pages(token -> {
            ListChildrenResponse r = client.listChildren(b -> b.parentId(parentId)
                    .childType(ChildType.ORGANIZATIONAL_UNIT).nextToken(token));
            return new Page<>(r.children().stream().map(Child::id).toList(), r.nextToken());
        });
    }

    private record Page<T>(List<T> items, String nextToken) {
    }

    private <T> List<T> pages(Function<String, Page<T>> request) {
        List<T> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            Page<T> page = call(() -> request.apply(next));
            all.addAll(page.items());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    private <T> T call(Supplier<T> request) {
        try {
            return retry.executeSupplier(() -> AccountClient.paced(limiter, stop, request));
        } catch (RuntimeException e) {
            if (NOT_ALLOWED.contains(AwsErrors.code(e))) {
                throw new NotReadable("the hub credentials cannot read AWS Organizations (" + AwsErrors.code(e) + ": "
                        + AwsErrors.message(e) + "): --organization needs the organisation's management account or a "
                        + "delegated administrator, with organizations:ListAccounts, ListAccountsForParent and ListChildren", e);
            }
            throw e;
        }
    }

    /** State replaces the retired Status; an answer with only Status (older endpoints) still reads. */
    private static OrgAccount account(Account a) {
        String state = a.stateAsString() != null ? a.stateAsString() : a.statusAsString();
        return new OrgAccount(a.id(), a.name(), state);
    }
}
