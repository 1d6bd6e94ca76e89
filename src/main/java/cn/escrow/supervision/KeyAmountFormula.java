package cn.escrow.supervision;

import cn.escrow.platform.EscrowConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proposes a key supervised amount from the configured formula (escrow.key-amount.*): per m² of
 * floor area by fit-out below a price threshold and a share of average price × area above it
 * (Xi'an), or a share of presale income (Tongguan). A supervisor decides; this only proposes.
 */
public final class KeyAmountFormula {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private KeyAmountFormula() {
    }

    /** A proposal with the inputs it used, or the reason it cannot be made. */
    public record Proposal(String formula, BigDecimal proposedKeyAmount, Map<String, Object> inputs, String missing) {
    }

    public static Proposal propose(EscrowConfig.KeyAmount config, BigDecimal floorArea, BigDecimal averagePrice, String fitOut,
                                   BigDecimal presaleIncome) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (config.formula() == EscrowConfig.KeyAmount.Formula.PRESALE_INCOME_SHARE) {
            inputs.put("presaleIncome", presaleIncome);
            inputs.put("percent", config.presaleIncomePercent());
            return new Proposal("PRESALE_INCOME_SHARE", percentOf(presaleIncome, config.presaleIncomePercent()), inputs, null);
        }
        inputs.put("floorArea", floorArea);
        inputs.put("averagePrice", averagePrice);
        inputs.put("fitOut", fitOut);
        if (floorArea == null || averagePrice == null || fitOut == null) {
            return new Proposal("PER_AREA", null, inputs, "floorArea, averagePrice and fitOut are needed");
        }
        boolean fitted = "FITTED".equals(fitOut);
        if (averagePrice.compareTo(config.priceThreshold()) < 0) {
            BigDecimal rate = fitted ? config.fittedRate() : config.shellRate();
            inputs.put("ratePerM2", rate);
            return new Proposal("PER_AREA", rate.multiply(floorArea).setScale(2, RoundingMode.HALF_UP), inputs, null);
        }
        BigDecimal percent = fitted ? config.highPriceFittedPercent() : config.highPriceShellPercent();
        inputs.put("percentOfPrice", percent);
        return new Proposal("PER_AREA", percentOf(averagePrice.multiply(floorArea), percent), inputs, null);
    }

    /**
     * The proposal for a developer of this grade: the formulas are for the standard grade (B), so the amount scales by
     * the grade's key percentage over the standard one (Kunming 2020: 25 % instead of 30 % for a well-graded developer).
     */
    public static Proposal graded(Proposal base, String grade, BigDecimal gradePercent, BigDecimal standardPercent) {
        Map<String, Object> inputs = new LinkedHashMap<>(base.inputs());
        inputs.put("grade", grade);
        inputs.put("gradePercent", gradePercent);
        inputs.put("standardPercent", standardPercent);
        BigDecimal amount = base.proposedKeyAmount() == null ? null
                : base.proposedKeyAmount().multiply(gradePercent).divide(standardPercent, 2, RoundingMode.HALF_UP);
        return new Proposal(base.formula(), amount, inputs, base.missing());
    }

    /** {@code percent}% of {@code amount}, to the cent, rounded down (a cap never rounds up). */
    public static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent).divide(HUNDRED, 2, RoundingMode.DOWN);
    }
}
