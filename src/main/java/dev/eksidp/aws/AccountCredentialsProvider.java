package dev.eksidp.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The credentials of one account for one run: assumed once, shared by every region's client of that account,
 * refreshed before they expire, and assumed again at once when a service says they expired (the service's clock
 * is the one that counts). A refusal is remembered, so an account whose role cannot be assumed costs one
 * AssumeRole call, not one per row.
 */
public final class AccountCredentialsProvider implements AwsCredentialsProvider {

    private final String accountId;
    /** The region of the first target that needed these credentials: an STS endpoint to try if the hub's is off. */
    private final String region;
    private final String roleArn;
    private final Assumer assumer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile RoleSession session;
    private volatile RoleAssumptionException refusal;

    /** Assumes the account's role: {@link RoleAssumer#assume} in a run; a seam so the refresh rules can be tested alone. */
    @FunctionalInterface
    interface Assumer {
        RoleSession assume(String accountId, String region, String roleArn);
    }

    AccountCredentialsProvider(String accountId, String region, String roleArn, Assumer assumer, Clock clock) {
        this.accountId = accountId;
        this.region = region;
        this.roleArn = roleArn;
        this.assumer = assumer;
        this.clock = clock;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        RoleSession current = session;
        if (current != null && !current.needsRefresh(clock.instant())) {
            return current.credentials();
        }
        lock.lock();
        try {
            if (refusal != null) {
                throw refusal;
            }
            current = session;
            if (current == null || current.needsRefresh(clock.instant())) {
                try {
                    current = assumer.assume(accountId, region, roleArn);
                    session = current;
                } catch (RoleAssumptionException e) {
                    if (e.denied()) {
                        refusal = e;
                    }
                    // A failed refresh is not fatal while the old credentials are still valid.
                    if (current != null && !e.denied() && !current.expired(clock.instant())) {
                        return current.credentials();
                    }
                    throw e;
                }
            }
            return current.credentials();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A request signed at or after {@code sentAt} was refused as expired: drop the credentials if they are the
     * ones it carried (issued before it was sent). Credentials assumed since then, by another thread that got the
     * same answer, are kept.
     */
    public void expiredFor(Instant sentAt) {
        lock.lock();
        try {
            RoleSession current = session;
            if (current != null && !current.issuedAt().isAfter(sentAt)) {
                session = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "AccountCredentialsProvider[" + accountId + "]";
    }
}
