package dev.eksidp.remediation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The idempotency token of a target in a run. It depends only on the run id, the input line and the target,
 * so every retry and every resume of the run replays the same request: EKS returns the update it already
 * created instead of starting a second change.
 */
public final class ClientRequestTokens {

    private ClientRequestTokens() {
    }

    public static String forTarget(String runId, Target target) {
        String seed = runId + "\n" + target.line() + "\n" + target.key();
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
