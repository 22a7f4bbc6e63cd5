package dev.eksidp.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The credentials of one account for one run: assumed once, shared by every region's client of that account,
 * refreshed before they expire. A refusal is remembered, so an account whose role cannot be assumed costs one
 * AssumeRole call, not one per row.
 */
final class AccountCredentialsProvider implements AwsCredentialsProvider {

    private final String accountId;
    private final String roleArn;
    private final RoleAssumer assumer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile RoleSession session;
    private volatile RoleAssumptionException refusal;

    AccountCredentialsProvider(String accountId, String roleArn, RoleAssumer assumer, Clock clock) {
        this.accountId = accountId;
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
                    current = assumer.assume(accountId, roleArn);
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

    @Override
    public String toString() {
        return "AccountCredentialsProvider[" + accountId + "]";
    }
}
