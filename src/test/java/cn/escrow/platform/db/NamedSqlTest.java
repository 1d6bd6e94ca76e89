package cn.escrow.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void shouldTurnNamesIntoPlaceholdersInOrderAndBindARepeatedNameTwice() {
        NamedSql sql = NamedSql.parse("UPDATE a SET b = b + :amount, c = :at WHERE id = :id AND b + :amount >= 0");
        assertThat(sql.jdbcSql()).isEqualTo("UPDATE a SET b = b + ?, c = ? WHERE id = ? AND b + ? >= 0");
        assertThat(sql.names()).containsExactly("amount", "at", "id", "amount");
        assertThat(sql.numberedSql()).isEqualTo("UPDATE a SET b = b + $1, c = $2 WHERE id = $3 AND b + $1 >= 0");
        assertThat(sql.distinctNames()).containsExactly("amount", "at", "id");
    }

    @Test
    void shouldLeaveCastsLiteralsIdentifiersCommentsAndDollarQuotesAlone() {
        String text = """
                SELECT ':not' AS "a:b", x::bigint, $$ :body $$, $fn$ :also $fn$ -- a :comment
                /* :block */ FROM t WHERE y = :y AND z = 'it''s :quoted'""";
        NamedSql sql = NamedSql.parse(text);
        assertThat(sql.names()).containsExactly("y");
        assertThat(sql.jdbcSql()).isEqualTo(text.replace("= :y", "= ?"));
        assertThat(sql.numberedSql()).isEqualTo(text.replace("= :y", "= $1"));
    }

    @Test
    void shouldLeavePositionalDollarParametersAndArraySlicesOfNumbersAlone() {
        NamedSql sql = NamedSql.parse("SELECT a[1:2] FROM t WHERE b = :b");
        assertThat(sql.jdbcSql()).isEqualTo("SELECT a[1:2] FROM t WHERE b = ?");
        assertThat(sql.names()).isEqualTo(List.of("b"));
    }

    @Test
    void shouldRefuseALiteralQuestionMarkThatTheDriverWouldTakeForAParameter() {
        assertThatThrownBy(() -> NamedSql.parse("SELECT details ? 'key' FROM audit_event"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jsonb_exists");
    }

    @Test
    void shouldReadTheNamedStatementsOfAFileWithoutItsHeaderOrFinalSemicolons() {
        SqlFile file = SqlFile.parse("x.sql", """
                -- The header: -- name: lines start a statement; this text belongs to none.

                -- name: first
                -- A comment of the first statement.
                SELECT :a::bigint AS a;

                -- name: second
                UPDATE t SET c = ':not a parameter' WHERE id = :id;
                """);
        assertThat(file.statements().keySet()).containsExactly("first", "second");
        assertThat(file.get("first")).isEqualTo("-- A comment of the first statement.\nSELECT :a::bigint AS a");
        assertThat(NamedSql.parse(file.get("second")).names()).containsExactly("id");
        assertThatThrownBy(() -> file.get("third")).hasMessageContaining("no statement named third");
    }

    @Test
    void shouldRefuseAStatementNamedTwiceOrEmpty() {
        assertThatThrownBy(() -> SqlFile.parse("x.sql", "-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;"))
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> SqlFile.parse("x.sql", "-- name: a\n;\n")).hasMessageContaining("'a'");
    }

    @Test
    void shouldRefuseANameWithoutAValueAndAValueWithoutAName() {
        NamedSql sql = NamedSql.parse("SELECT :a + :b");
        assertThat(Sql.values(sql, new Object[] {"a", 1, "b", 2})).containsEntry("a", 1).containsEntry("b", 2);
        assertThatThrownBy(() -> Sql.values(sql, new Object[] {"a", 1})).hasMessageContaining("No value for parameter :b");
        assertThatThrownBy(() -> Sql.values(sql, new Object[] {"a", 1, "b", 2, "c", 3})).hasMessageContaining("Parameter c is not used");
        assertThatThrownBy(() -> Sql.values(sql, new Object[] {"a", 1, "b"})).hasMessageContaining("name/value pairs");
    }
}
