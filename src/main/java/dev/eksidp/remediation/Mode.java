package dev.eksidp.remediation;

/** plan makes read calls only; apply disassociates; restore associates again what an apply removed. */
public enum Mode {
    PLAN, APPLY, RESTORE;

    public String reportName() {
        return this == PLAN ? "plan" : "report";
    }
}
