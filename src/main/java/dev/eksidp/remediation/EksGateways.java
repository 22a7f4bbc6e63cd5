package dev.eksidp.remediation;

import dev.eksidp.aws.AwsSessions;
import dev.eksidp.aws.Bucket;

/** Hands out the gateway of a target's own account and region, paced by that bucket's limiter. */
public final class EksGateways {

    private final AwsSessions sessions;

    public EksGateways(AwsSessions sessions) {
        this.sessions = sessions;
    }

    /** @throws dev.eksidp.aws.RoleAssumptionException when the account's role cannot be assumed */
    public EksGateway forTarget(Target target) {
        return new EksGateway(sessions.eks(new Bucket(target.accountId(), target.region()), target.roleArn()));
    }
}
