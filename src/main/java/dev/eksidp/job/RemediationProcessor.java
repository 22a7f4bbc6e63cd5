package dev.eksidp.job;

import dev.eksidp.remediation.Target;
import dev.eksidp.remediation.TargetRemediator;
import dev.eksidp.remediation.TargetResult;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Plans or applies one target; the items of a chunk run concurrently, all in the same bucket. */
public class RemediationProcessor implements ItemProcessor<Target, TargetResult> {

    private final TargetRemediator remediator;

    public RemediationProcessor(TargetRemediator remediator) {
        this.remediator = remediator;
    }

    @Override
    public TargetResult process(Target target) {
        return remediator.remediate(target);
    }
}
