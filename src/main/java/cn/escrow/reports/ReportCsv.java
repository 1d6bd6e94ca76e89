package cn.escrow.reports;

import cn.escrow.reports.Report.Figure;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A report as CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Chinese
 * names correctly), one line per figure: section, project, item, bank, count, amount.
 */
public final class ReportCsv {

    private ReportCsv() {
    }

    public static byte[] write(Report r) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, "report", "kind", r.kind().name(), "", "", "");
        line(out, "report", "periodStart", r.periodStart().toString(), "", "", "");
        line(out, "report", "periodEnd", r.periodEnd().toString(), "", "", "");
        line(out, "report", "published", String.valueOf(r.published()), "", "", "");
        line(out, "section", "project", "item", "bank", "count", "amount");
        String scope = r.projectId() == null ? "ALL" : r.projectId().toString();
        if (r.moneyIn() != null) {
            r.moneyIn().forEach(m -> line(out, "moneyIn", scope, m.purpose(), "", String.valueOf(m.count()), money(m.amount())));
            figure(out, "reversals", scope, "", "", r.reversals());
            figure(out, "releases", scope, "approved", "", r.releases().approved());
            figure(out, "releases", scope, "executed", "", r.releases().executed());
            figure(out, "refunds", scope, "", "", r.refunds());
        }
        for (Report.BalanceLine b : r.balances()) {
            String project = b.projectId() + " " + b.projectName();
            line(out, "balance", project, "balanceAtEnd", "", "", money(b.balanceAtEnd()));
            line(out, "balance", project, "keyAmountAtEnd", "", "", money(b.keyAmountAtEnd()));
            line(out, "balance", project, "shortfallAtEnd", "", "", money(b.shortfallAtEnd()));
            if (b.supervisionAtEnd() != null) { // snapshots published before issue 18 have neither
                line(out, "balance", project, "supervisionAtEnd", "", "", b.supervisionAtEnd());
                line(out, "balance", project, "guaranteedAtEnd", "", "", money(b.guaranteedAtEnd()));
            }
        }
        if (r.disbursements() != null) {
            for (Report.BankLine d : r.disbursements()) {
                figure(out, "disbursements", scope, "received", d.bankCode(), d.received());
                figure(out, "disbursements", scope, "awaitingAtEnd", d.bankCode(), d.awaitingAtEnd());
                figure(out, "disbursements", scope, "becameOverdue", d.bankCode(), d.becameOverdue());
                figure(out, "disbursements", scope, "overdueAtEnd", d.bankCode(), d.overdueAtEnd());
                figure(out, "disbursements", scope, "lateArrived", d.bankCode(), d.lateArrived());
            }
            line(out, "signingLocks", scope, "created", "", String.valueOf(r.signingLocks().created()), "");
            line(out, "signingLocks", scope, "lifted", "", String.valueOf(r.signingLocks().lifted()), "");
            line(out, "signingLocks", scope, "activeAtEnd", "", String.valueOf(r.signingLocks().activeAtEnd()), "");
            r.openAlertsAtEnd().forEach(a -> line(out, "openAlertsAtEnd", scope, a.kind(), a.severity(), String.valueOf(a.count()), ""));
        }
        if (r.oversight() != null) {
            Report.Oversight o = r.oversight();
            line(out, "oversight", scope, "spotChecks", "", String.valueOf(o.spotChecks()), "");
            line(out, "oversight", scope, "rectificationsIssued", "", String.valueOf(o.rectificationsIssued()), "");
            line(out, "oversight", scope, "rectificationsClosed", "", String.valueOf(o.rectificationsClosed()), "");
            line(out, "oversight", scope, "rectificationsOverdue", "", String.valueOf(o.rectificationsOverdue()), "");
            o.blacklistChanges().forEach(b -> line(out, "blacklist", b.enterpriseId() + " " + b.enterpriseName(),
                    b.action() + " " + b.source(), "", "", b.reason()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void figure(StringBuilder out, String section, String scope, String item, String bank, Figure f) {
        line(out, section, scope, item, bank, String.valueOf(f.count()), money(f.amount()));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    private static void line(StringBuilder out, String... cells) {
        out.append(String.join(",", List.of(cells).stream().map(ReportCsv::cell).toList())).append("\r\n");
    }

    /** Whether the caller asks for CSV: {@code format=csv}, or without a format an Accept naming text/csv. */
    public static boolean wanted(String format, jakarta.ws.rs.core.HttpHeaders headers) {
        return "csv".equals(format) || (format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(jakarta.ws.rs.core.MediaType.valueOf("text/csv")) && !m.isWildcardType()));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed so that a spreadsheet never runs it as a formula. */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
