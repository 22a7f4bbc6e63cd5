package dev.eksidp.report;

import dev.eksidp.remediation.Outcome;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryTest {

    static ReportRecord row(long line, String account, Outcome outcome) {
        return new ReportRecord(line, account, "us-east-1", "c", "oidc", "p", outcome, null, null,
                outcome == Outcome.FAILED ? "Boom" : null, outcome == Outcome.FAILED ? "it broke" : null, 1,
                null, null, null);
    }

    @Test
    void countsByOutcomeAndAccount() {
        RunSummary s = new RunSummary();
        s.add(row(2, "222222222222", Outcome.FAILED));
        s.add(row(3, "111111111111", Outcome.WOULD_DISASSOCIATE));
        s.add(row(4, "111111111111", Outcome.WOULD_DISASSOCIATE));
        s.add(row(5, "111111111111", Outcome.DUPLICATE));
        s.add(row(6, "12345", Outcome.INVALID_TARGET));
        s.add(row(7, null, Outcome.INVALID_TARGET));

        assertThat(s.total()).isEqualTo(6);
        assertThat(s.countsByOutcome()).containsExactly(
                Map.entry(Outcome.WOULD_DISASSOCIATE, 2L), Map.entry(Outcome.INVALID_TARGET, 2L),
                Map.entry(Outcome.DUPLICATE, 1L), Map.entry(Outcome.FAILED, 1L));
        assertThat(s.countsByAccount().keySet())
                .containsExactly(RunSummary.INVALID_ACCOUNT, "111111111111", "222222222222");
        assertThat(s.countsByAccount().get("111111111111")).containsExactly(
                Map.entry(Outcome.WOULD_DISASSOCIATE, 2L), Map.entry(Outcome.DUPLICATE, 1L));
        assertThat(s.countsByAccount().get(RunSummary.INVALID_ACCOUNT))
                .containsExactly(Map.entry(Outcome.INVALID_TARGET, 2L));
        assertThat(s.problems()).extracting(RunSummary.Problem::line).containsExactly(2L, 6L, 7L);
        assertThat(s.problems().get(0).errorCode()).isEqualTo("Boom");
        assertThat(s.needsAttention()).isEqualTo(3);
    }

    @Test
    void problemListIsCapped() {
        RunSummary s = new RunSummary();
        for (int i = 0; i < 250; i++) {
            s.add(row(i + 2, "111111111111", i % 2 == 0 ? Outcome.BLOCKED : Outcome.ACCESS_DENIED));
        }
        s.add(row(999, "111111111111", Outcome.ALREADY_ABSENT));
        assertThat(s.problems()).hasSize(RunSummary.DEFAULT_PROBLEM_LIMIT);
        assertThat(s.problems().get(199).line()).isEqualTo(201);
        assertThat(s.omittedProblems()).isEqualTo(50);
        assertThat(s.needsAttention()).isEqualTo(250);
        assertThat(s.total()).isEqualTo(251);
    }
}
