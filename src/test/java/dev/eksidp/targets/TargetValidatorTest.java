package dev.eksidp.targets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetValidatorTest {

    @Test
    void validTargetHasNoProblem() {
        assertThat(TargetValidator.problem("012345678901", "eu-central-2", "a", "oidc", "=HYPERLINK(x)", null, false)).isNull();
    }

    @Test
    void allProblemsAreReportedTogether() {
        assertThat(TargetValidator.problem("", "mars-north-1", "ok", "oidc", "okta", null, false))
                .isEqualTo("missing value for account_id; unknown region 'mars-north-1': not an AWS region name");
    }

    @Test
    void regionsAreThoseTheSdkKnowsAndWellFormedNewOnesOnlyWhenAllowed() {
        assertThat(TargetValidator.region("us-gov-west-1")).isNull();
        assertThat(TargetValidator.region("us-isob-east-1")).isNull();
        assertThat(TargetValidator.region("eusc-de-east-1")).isNull(); // irregular, known to the SDK
        // Made up, but well-formed: what a typo or a bad export gives. Only --allow-unknown-regions sends them.
        for (String madeUp : new String[] {"eu-west-9", "us-east-7", "eu-east-1"}) {
            assertThat(TargetValidator.region(madeUp)).as(madeUp).startsWith("unknown region '" + madeUp + "'")
                    .contains("--allow-unknown-regions");
            assertThat(TargetValidator.region(madeUp, true)).as(madeUp).isNull();
        }
        assertThat(TargetValidator.region("aws-global", true)).isNotNull(); // signing pseudo-region, not a cluster home
        assertThat(TargetValidator.region("us-east", true)).isNotNull();
    }

    @Test
    void reasonsQuoteAtMostEightyCharactersOfTheValue() {
        String problem = TargetValidator.accountId("9".repeat(5000));
        assertThat(problem).hasSizeLessThan(130).contains("…");
        assertThat(TargetValidator.quote("x".repeat(80))).isEqualTo("'" + "x".repeat(80) + "'");
        assertThat(TargetValidator.quote("x".repeat(81))).isEqualTo("'" + "x".repeat(79) + "…'");
    }

    @Test
    void reasonsStayOnOneLine() {
        assertThat(TargetValidator.accountId("12\n34")).isEqualTo("account_id '12\\u000a34' is not 12 digits");
    }

    @Test
    void providerNameLengthCountsCharactersNotUtf16Units() {
        assertThat(TargetValidator.providerName("😀".repeat(100))).isNull();
        assertThat(TargetValidator.providerName("😀".repeat(101))).contains("longer than 100");
        assertThat(TargetValidator.providerName("a\u2028b")).contains("control characters");
    }

    @Test
    void roleArnRules() {
        String acct = "111111111111";
        assertThat(TargetValidator.roleArn(null, acct, "us-east-1")).isNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::111111111111:role/R", acct, "us-east-1")).isNull();
        assertThat(TargetValidator.roleArn("arn:aws-us-gov:iam::111111111111:role/a/b/R", acct, "us-gov-west-1")).isNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::111111111111:role/", acct, "us-east-1")).isNotNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::111111111111:user/R", acct, "us-east-1")).isNotNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::11111111111:role/R", acct, "us-east-1")).isNotNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::111111111111:role/" + "r".repeat(65), acct, "us-east-1"))
                .isNotNull();
        assertThat(TargetValidator.roleArn("arn:aws:iam::222222222222:role/R", acct, "us-east-1"))
                .isEqualTo("role_arn account 222222222222 does not match account_id 111111111111");
        // With an invalid account_id the account comparison is skipped; account_id has its own reason.
        assertThat(TargetValidator.roleArn("arn:aws:iam::222222222222:role/R", "x", "us-east-1")).isNull();
    }
}
