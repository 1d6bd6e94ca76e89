package cn.escrow.dashboards;

import cn.escrow.dashboards.Dashboard.DivisionFigures;
import cn.escrow.dashboards.Dashboard.Figures;
import cn.escrow.dashboards.Dashboard.Point;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Assembles the statement's points into sections with fixed labels (zeros filled in), and adds counties up. */
final class DashboardFigures {

    /** A point of the statement: one county's section and label. */
    record Cell(String division, String section, String label, long count, BigDecimal value) {
    }

    static final List<String> LEVELS = List.of("GREEN", "YELLOW", "ORANGE", "RED");
    static final List<String> BALANCES = List.of("balanceAtEnd", "keyAmountAtEnd", "remainingKeyAtEnd", "shortfallAtEnd");
    static final List<String> PURPOSES = List.of("DEPOSIT", "DOWN_PAYMENT", "FULL_PAYMENT", "LOAN", "PROVIDENT_FUND_LOAN",
            "INTEREST", "OTHER");
    static final List<String> RELEASES = List.of("approved", "executed");
    static final List<String> OVERDUE = List.of("becameOverdue", "overdueAtEnd");
    static final List<String> LOCKED = List.of("lockedDays");

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private DashboardFigures() {
    }

    /** Each county's figures, by division code. */
    static List<DivisionFigures> byDivision(List<Cell> cells) {
        Map<String, List<Cell>> counties = new TreeMap<>();
        cells.forEach(c -> counties.computeIfAbsent(c.division(), d -> new ArrayList<>()).add(c));
        return counties.entrySet().stream().map(e -> new DivisionFigures(e.getKey(), figures(e.getValue()))).toList();
    }

    /** The sum of several counties' figures (every point is additive: counts, money and days). */
    static Figures total(List<DivisionFigures> divisions) {
        List<Figures> all = divisions.stream().map(DivisionFigures::figures).toList();
        return new Figures(sum(all, Figures::projectsByLevel, LEVELS), sum(all, Figures::balances, BALANCES),
                sum(all, Figures::inflowsByPurpose, PURPOSES), sum(all, Figures::releases, RELEASES),
                sum(all, Figures::overdueNotices, OVERDUE), sum(all, Figures::signingLocked, LOCKED));
    }

    private static Figures figures(List<Cell> cells) {
        return new Figures(section(cells, "projectsByLevel", LEVELS), section(cells, "balances", BALANCES),
                section(cells, "inflowsByPurpose", PURPOSES), section(cells, "releases", RELEASES),
                section(cells, "overdueNotices", OVERDUE), section(cells, "signingLocked", LOCKED));
    }

    private static List<Point> section(List<Cell> cells, String section, List<String> labels) {
        List<Point> points = cells.stream().filter(c -> c.section().equals(section))
                .map(c -> new Point(c.label(), c.count(), c.value())).toList();
        return sum(List.of(points), Function.identity(), labels);
    }

    /** The points of {@code section} of each figures added by label: the fixed labels first, any other after them. */
    private static <F> List<Point> sum(List<F> figures, Function<F, List<Point>> section, List<String> labels) {
        Set<String> order = new LinkedHashSet<>(labels);
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (F f : figures) {
            for (Point p : section.apply(f)) {
                order.add(p.label());
                counts.computeIfAbsent(p.label(), l -> new long[1])[0] += p.count();
                values.merge(p.label(), p.value().setScale(2), BigDecimal::add);
            }
        }
        return order.stream().map(l -> new Point(l, counts.getOrDefault(l, new long[1])[0], values.getOrDefault(l, ZERO))).toList();
    }
}
