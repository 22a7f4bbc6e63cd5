package dev.eksidp.targets;

import dev.eksidp.targets.TargetClassifier.Classification;
import dev.eksidp.targets.TargetClassifier.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that decide which rows a run acts on, shared by apply's preview and the load step. */
class TargetClassifierTest {

    private static TargetRow row(long line, String account, String cluster) {
        return new TargetRow(line, account, "eu-west-1", cluster, "oidc", "idp", null, null);
    }

    private static TargetRow malformed(long line, String account) {
        return new TargetRow(line, account, "eu-west-1", "c", "oidc", "idp", null, "account_id is not 12 digits");
    }

    @Test
    void aRepeatIsADuplicateOfItsFirstLineAndAMalformedRowIsInvalid() {
        TargetClassifier classifier = new TargetClassifier(Set.of(), null);

        assertThat(classifier.classify(row(2, "111111111111", "a"))).isEqualTo(new Classification(Verdict.ACTIONABLE, null));
        assertThat(classifier.classify(row(3, "111111111111", "b")).verdict()).isEqualTo(Verdict.ACTIONABLE);
        assertThat(classifier.classify(row(4, "111111111111", "a"))).isEqualTo(new Classification(Verdict.DUPLICATE, 2L));
        assertThat(classifier.classify(row(5, "111111111111", "a"))).isEqualTo(new Classification(Verdict.DUPLICATE, 2L));
        assertThat(classifier.classify(malformed(6, "111111111111")).verdict()).isEqualTo(Verdict.INVALID);
        assertThat(classifier.actionablePerAccount()).isEqualTo(Map.of("111111111111", 2L));
    }

    @Test
    void aMalformedRowIsNeverTheFirstOfADuplicate() {
        TargetClassifier classifier = new TargetClassifier(Set.of(), null);
        TargetRow bad = malformed(2, "111111111111");
        TargetRow good = new TargetRow(3, bad.accountId(), bad.region(), bad.clusterName(), bad.providerType(),
                bad.providerName(), null, null);

        assertThat(classifier.classify(bad).verdict()).isEqualTo(Verdict.INVALID);
        assertThat(classifier.classify(good).verdict()).isEqualTo(Verdict.ACTIONABLE);
    }

    @Test
    void aProtectedAccountsRowsAreLeftAloneButItsRepeatsStayDuplicates() {
        TargetClassifier classifier = new TargetClassifier(Set.of("222222222222"), null);

        assertThat(classifier.classify(row(2, "222222222222", "a")).verdict()).isEqualTo(Verdict.PROTECTED_ACCOUNT);
        assertThat(classifier.classify(row(3, "222222222222", "a"))).isEqualTo(new Classification(Verdict.DUPLICATE, 2L));
        assertThat(classifier.classify(row(4, "111111111111", "a")).verdict()).isEqualTo(Verdict.ACTIONABLE);
        assertThat(classifier.actionablePerAccount()).isEqualTo(Map.of("111111111111", 1L));
    }

    @Test
    void theCeilingKeepsTheFirstRowsOfEachAccountInInputOrderCountingNeitherDuplicatesNorInvalidRows() {
        TargetClassifier classifier = new TargetClassifier(Set.of(), 2L);
        List<TargetRow> rows = List.of(row(2, "111111111111", "a"), row(3, "111111111111", "a"),
                malformed(4, "111111111111"), row(5, "333333333333", "a"), row(6, "111111111111", "b"),
                row(7, "111111111111", "c"), row(8, "111111111111", "d"));

        List<Verdict> verdicts = rows.stream().map(r -> classifier.classify(r).verdict()).toList();

        assertThat(verdicts).containsExactly(Verdict.ACTIONABLE, Verdict.DUPLICATE, Verdict.INVALID,
                Verdict.ACTIONABLE, Verdict.ACTIONABLE, Verdict.OVER_ACCOUNT_CEILING, Verdict.OVER_ACCOUNT_CEILING);
        assertThat(classifier.actionablePerAccount()).containsExactly(Map.entry("111111111111", 2L),
                Map.entry("333333333333", 1L));
    }
}
