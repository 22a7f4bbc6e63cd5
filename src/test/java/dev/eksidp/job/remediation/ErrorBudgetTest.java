package dev.eksidp.job.remediation;

import dev.eksidp.job.SafetyRails;
import dev.eksidp.remediation.Outcome;
import dev.eksidp.remediation.TargetResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --max-failures: what counts, from when, and that the run is told exactly once. */
class ErrorBudgetTest {

    private static List<TargetResult> rows(Outcome... outcomes) {
        List<TargetResult> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            rows.add(TargetResult.of(rows.size() + 1, o, 1));
        }
        return rows;
    }

    @Test
    void aShareIsOfTheRowsActedOnRoundedDown() {
        assertThat(SafetyRails.failureBudget("5%", 199)).isEqualTo(9);
        assertThat(SafetyRails.failureBudget("25", 10)).isEqualTo(25);
        assertThat(SafetyRails.failureBudget(null, 10)).isNull();
    }

    @Test
    void onlyFailedAndAccessDeniedCountAndTheChunkThatGoesOverSaysSoOnce() {
        ErrorBudget budget = new ErrorBudget(2L, "2", 0);

        assertThat(budget.add(rows(Outcome.FAILED, Outcome.BLOCKED, Outcome.DISASSOCIATED, Outcome.CLUSTER_NOT_FOUND))).isFalse();
        assertThat(budget.add(rows(Outcome.ACCESS_DENIED))).isFalse();
        assertThat(budget.add(rows(Outcome.FAILED))).as("3 > 2").isTrue();
        assertThat(budget.add(rows(Outcome.FAILED))).as("already said").isFalse();
        assertThat(budget.reason()).contains("4 rows FAILED or ACCESS_DENIED").contains("more than the 2 allowed");
    }

    @Test
    void failuresOfEarlierExecutionsCountAndDeferredRowsDoNot() {
        ErrorBudget budget = new ErrorBudget(3L, "3", 3);
        List<TargetResult> deferred = List.of(new TargetResult(1, null, null, null, "ResourceInUseException", "busy", 1,
                null, null, null));

        assertThat(budget.add(deferred)).isFalse();
        assertThat(budget.add(rows(Outcome.FAILED))).isTrue();
    }

    @Test
    void withoutABudgetNothingStopsTheRun() {
        ErrorBudget none = new ErrorBudget(null, null, 0);
        assertThat(none.add(rows(Outcome.FAILED, Outcome.FAILED, Outcome.ACCESS_DENIED))).isFalse();
    }

    @Test
    void outcomesSayWhetherTheyNeedAttention() {
        assertThat(Outcome.WOULD_DISASSOCIATE.needsAttention(dev.eksidp.remediation.Mode.PLAN)).isFalse();
        assertThat(Outcome.WOULD_DISASSOCIATE.needsAttention(dev.eksidp.remediation.Mode.APPLY)).isTrue();
        assertThat(Outcome.ALREADY_ABSENT.needsAttention(dev.eksidp.remediation.Mode.APPLY)).isFalse();
        assertThat(Outcome.BLOCKED.needsAttention(dev.eksidp.remediation.Mode.PLAN)).isTrue();
        assertThat(List.of(Outcome.values())).filteredOn(Outcome::countsAgainstBudget)
                .containsExactlyInAnyOrder(Outcome.FAILED, Outcome.ACCESS_DENIED);
    }
}
