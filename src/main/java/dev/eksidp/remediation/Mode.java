package dev.eksidp.remediation;

/** plan makes read calls only; apply disassociates. */
public enum Mode {
    PLAN, APPLY;

    public String reportName() {
        return this == PLAN ? "plan" : "report";
    }
}
