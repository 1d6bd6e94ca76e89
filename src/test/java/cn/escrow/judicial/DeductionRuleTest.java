package cn.escrow.judicial;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.judicial.DeductionRule.CreditorKind;
import cn.escrow.judicial.DeductionRule.Verdict;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DeductionRuleTest {

    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    @Test
    void shouldAllowMoneyAboveTheObligationForAnyCreditorAndKeyMoneyOnlyForBuilders() {
        assertThat(DeductionRule.judge(m("100.00"), m("100.00"), m("500.00"), null).verdict()).isEqualTo(Verdict.ABOVE_KEY_OBLIGATION);
        DeductionRule.Judgement oneCentOver = DeductionRule.judge(m("100.01"), m("100.00"), m("500.00"), CreditorKind.OTHER);
        assertThat(oneCentOver.verdict()).isEqualTo(Verdict.WITHIN_KEY_OBLIGATION);
        assertThat(oneCentOver.keyMoneyTaken()).isEqualByComparingTo("0.01");
        assertThat(oneCentOver.lawful()).isFalse();
        for (CreditorKind builder : new CreditorKind[] {CreditorKind.CONSTRUCTION, CreditorKind.MATERIAL, CreditorKind.EQUIPMENT}) {
            assertThat(DeductionRule.judge(m("300.00"), m("100.00"), m("500.00"), builder).verdict()).isEqualTo(Verdict.PROJECT_CREDITOR);
        }
        // No key obligation left: nothing is key money, whatever the amount.
        assertThat(DeductionRule.judge(m("900.00"), m("0.00"), m("0.00"), null).verdict()).isEqualTo(Verdict.ABOVE_KEY_OBLIGATION);
        assertThat(DeductionRule.judge(m("900.00"), m("100.00"), m("500.00"), null).keyMoneyTaken()).isEqualByComparingTo("500.00");
    }
}
