package cn.escrow.dashboards;

import cn.escrow.dashboards.Dashboard.Figures;
import cn.escrow.dashboards.Dashboard.Point;
import cn.escrow.reports.ReportCsv;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Dashboard figures as CSV for spreadsheets, as the reports are (UTF-8 with a byte-order mark): a few header lines, then
 * one line per point: section, division (ALL for the total), label, count, value.
 */
final class DashboardCsv {

    private DashboardCsv() {
    }

    static byte[] write(Dashboard d) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, "dashboard", "kind", d.kind().name(), "", "");
        line(out, "dashboard", "periodStart", d.periodStart().toString(), "", "");
        line(out, "dashboard", "periodEnd", d.periodEnd().toString(), "", "");
        line(out, "dashboard", "division", d.division() == null ? "" : d.division(), "", "");
        line(out, "dashboard", "published", String.valueOf(d.published()), "", "");
        line(out, "dashboard", "version", d.version() == null ? "" : d.version().toString(), "", "");
        line(out, "section", "division", "label", "count", "value");
        figures(out, "ALL", d.total());
        d.divisions().forEach(f -> figures(out, f.division(), f.figures()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void figures(StringBuilder out, String division, Figures f) {
        section(out, "projectsByLevel", division, f.projectsByLevel());
        section(out, "balances", division, f.balances());
        section(out, "inflowsByPurpose", division, f.inflowsByPurpose());
        section(out, "releases", division, f.releases());
        section(out, "overdueNotices", division, f.overdueNotices());
        section(out, "signingLocked", division, f.signingLocked());
    }

    private static void section(StringBuilder out, String section, String division, List<Point> points) {
        points.forEach(p -> line(out, section, division, p.label(), String.valueOf(p.count()), p.value().setScale(2).toPlainString()));
    }

    private static void line(StringBuilder out, String... cells) {
        out.append(String.join(",", List.of(cells).stream().map(ReportCsv::cell).toList())).append("\r\n");
    }
}
