package dev.eksidp.remediation;

/** Decides and records what happens to one target: {@link Planner} for plan, {@link Disassociator} for apply. */
public interface TargetRemediator {

    TargetResult remediate(Target target);
}
