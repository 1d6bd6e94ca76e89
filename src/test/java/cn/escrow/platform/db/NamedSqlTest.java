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
    }

    @Test
    void shouldLeaveCastsLiteralsIdentifiersCommentsAndDollarQuotesAlone() {
        String text = """
                SELECT ':not' AS "a:b", x::bigint, $$ :body $$, $fn$ :also $fn$ -- a :comment
                /* :block */ FROM t WHERE y = :y AND z = 'it''s :quoted'""";
        NamedSql sql = NamedSql.parse(text);
        assertThat(sql.names()).containsExactly("y");
        assertThat(sql.jdbcSql()).isEqualTo(text.replace("= :y", "= ?"));
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
}
