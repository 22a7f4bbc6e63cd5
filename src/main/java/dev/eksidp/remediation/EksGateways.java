package dev.eksidp.remediation;

import dev.eksidp.aws.AwsSessions;
import dev.eksidp.ratelimit.RateLimiters;
import dev.eksidp.stop.StopSignal;

import java.time.Clock;

/** Hands out the gateway of a target's own account and region, paced by that bucket's limiter. */
public final class EksGateways {

    private final AwsSessions sessions;
    private final RateLimiters limiters;
    private final StopSignal stop;

    private final Clock clock;

    public EksGateways(AwsSessions sessions, RateLimiters limiters, StopSignal stop, Clock clock) {
        this.sessions = sessions;
        this.limiters = limiters;
        this.stop = stop;
        this.clock = clock;
    }

    /** @throws dev.eksidp.aws.RoleAssumptionException when the account's role cannot be assumed */
    public EksGateway forTarget(Target target) {
        String roleArn = sessions.roleArn(target.accountId(), target.region(), target.roleArn());
        return new EksGateway(sessions.eks(target.accountId(), target.region(), roleArn),
                limiters.forKey(bucket(target)), stop, clock);
    }

    private static String bucket(Target target) {
        return target.accountId() + "|" + target.region();
    }
}
