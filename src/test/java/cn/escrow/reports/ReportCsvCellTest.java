package cn.escrow.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV cell guard of reports, as a pure rule: no spreadsheet formula, RFC 4180 quoting. */
class ReportCsvCellTest {

    @Test
    void shouldPrefixWhatASpreadsheetWouldRunAsAFormula() {
        assertThat(ReportCsv.cell("+cmd")).isEqualTo("'+cmd");
        assertThat(ReportCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(ReportCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ReportCsv.cell("=1")).isEqualTo("'=1");
        assertThat(ReportCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    }

    @Test
    void shouldLeaveNumbersAndPlainTextAlone() {
        assertThat(ReportCsv.cell("-1200.50")).isEqualTo("-1200.50");
        assertThat(ReportCsv.cell("1200.50")).isEqualTo("1200.50");
        assertThat(ReportCsv.cell("滨江花园一期")).isEqualTo("滨江花园一期");
        assertThat(ReportCsv.cell("a-b=c")).isEqualTo("a-b=c");
        assertThat(ReportCsv.cell(null)).isEmpty();
        assertThat(ReportCsv.cell("")).isEmpty();
    }

    @Test
    void shouldQuoteCommasQuotesAndLineBreaks() {
        assertThat(ReportCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(ReportCsv.cell("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(ReportCsv.cell("=a,b")).isEqualTo("\"'=a,b\"");
    }
}
