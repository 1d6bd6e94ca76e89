package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.supervision.ReleaseRefused.Rule;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The release arithmetic on its own: free money first, the node's cumulative cap, the balance, the retained minimum. */
class ReleaseCapTest {

    static final ReleaseCap.Node HALF = new ReleaseCap.Node("主体结构完成一半", new BigDecimal("50.00"), new BigDecimal("0.00"));

    static BigDecimal m(String amount) {
        return new BigDecimal(amount);
    }

    /** K 10,000,000.00, nothing released, balance 12,000,000.00: 2,000,000.00 is free. */
    static Position position(String keyReleased, String balance, String pending) {
        return Position.of(1, m("10000000.00"), m(keyReleased), m(balance), m(pending));
    }

    @Test
    void shouldTakeFreeMoneyFirstAndTheRestFromTheKeyPart() {
        ReleaseCap.Verdict v = ReleaseCap.judge(position("0.00", "12000000.00", "0.00"), m("2500000.00"), HALF);
        assertThat(v.allowed()).isTrue();
        assertThat(v.keyPart()).isEqualByComparingTo("500000.00");
    }

    @Test
    void shouldAllowTheCapToTheCentAndNotOneCentMore() {
        Position pos = position("0.00", "12000000.00", "0.00");
        assertThat(ReleaseCap.judge(pos, m("7000000.00"), HALF).keyPart()).isEqualByComparingTo("5000000.00");
        ReleaseCap.Verdict over = ReleaseCap.judge(pos, m("7000000.01"), HALF);
        assertThat(over.refusedBy()).isEqualTo(Rule.NODE_CAP_EXCEEDED);
        assertThat(over.detail()).contains("5000000.00");
    }

    @Test
    void shouldCountKeyMoneyReleasedBefore() {
        // 3,000,000.00 of key money out: R = 7,000,000.00; balance 7,000,000.00 leaves nothing free.
        Position pos = position("3000000.00", "7000000.00", "0.00");
        assertThat(ReleaseCap.judge(pos, m("2000000.00"), HALF).keyPart()).isEqualByComparingTo("2000000.00");
        assertThat(ReleaseCap.judge(pos, m("2000000.01"), HALF).refusedBy()).isEqualTo(Rule.NODE_CAP_EXCEEDED);
    }

    @Test
    void shouldRefuseMoreThanIsAvailableAfterPendingReleases() {
        Position pos = position("0.00", "1000000.00", "400000.00");
        assertThat(ReleaseCap.judge(pos, m("600000.01"), HALF).refusedBy()).isEqualTo(Rule.INSUFFICIENT_BALANCE);
    }

    @Test
    void shouldKeepTheNodesRetainedMinimum() {
        ReleaseCap.Node last = new ReleaseCap.Node("竣工验收备案", new BigDecimal("100.00"), new BigDecimal("5.00"));
        Position pos = position("0.00", "10000000.00", "0.00");
        assertThat(ReleaseCap.judge(pos, m("9500000.00"), last).allowed()).isTrue();
        assertThat(ReleaseCap.judge(pos, m("9500000.01"), last).refusedBy()).isEqualTo(Rule.MIN_RETAINED_BALANCE);
    }

    @Test
    void shouldFreeTheGuaranteedPartAndAcceptGuaranteesOnlyWithTheKeyAmountHeldAndWithinTheShare() {
        Position guaranteed = Position.of(1, m("10000000.00"), m("0.00"), m("10000000.00"), m("0.00"), m("3000000.00"));
        assertThat(guaranteed.freeAmount()).isEqualByComparingTo("3000000.00");
        assertThat(guaranteed.topUpDue()).isEqualByComparingTo("0.00");
        // 3,500,000 at half the floors: 3,000,000 free, 500,000 key money.
        assertThat(ReleaseCap.judge(guaranteed, m("3500000.00"), HALF).keyPart()).isEqualByComparingTo("500000.00");

        BigDecimal share = m("30");
        assertThat(ReleaseCap.guaranteeRefusal(position("0.00", "9999999.99", "0.00"), m("1.00"), share)).contains("short of");
        assertThat(ReleaseCap.guaranteeRefusal(position("0.00", "10000000.00", "0.00"), m("3000000.00"), share)).isNull();
        assertThat(ReleaseCap.guaranteeRefusal(position("0.00", "10000000.00", "0.00"), m("3000000.01"), share)).contains("at most");
        assertThat(ReleaseCap.guaranteeRefusal(guaranteed, m("0.01"), share)).contains("at most");
        assertThat(ReleaseCap.guaranteeRefusal(Position.of(1, m("0.00"), m("0.00"), m("5.00"), m("0.00")), m("1.00"), share))
                .contains("no key amount");
    }

    @Test
    void shouldGiveTheGuarantorItsShareOfEachKeyRelease() {
        assertThat(ReleaseCap.guarantorTopUp(m("500000.00"), m("3000000.00"), m("10000000.00"))).isEqualByComparingTo("150000.00");
        assertThat(ReleaseCap.guarantorTopUp(m("0.01"), m("1.00"), m("3.00"))).isEqualByComparingTo("0.00");
        assertThat(ReleaseCap.guarantorTopUp(m("0.02"), m("1.00"), m("1.00"))).isEqualByComparingTo("0.02");
        assertThat(ReleaseCap.guarantorTopUp(m("100.00"), m("1.00"), m("0.00"))).isEqualByComparingTo("0.00");
    }
}
