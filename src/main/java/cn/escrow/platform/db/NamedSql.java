package cn.escrow.platform.db;

import java.util.ArrayList;
import java.util.List;

/**
 * An SQL text with {@code :name} parameters (the syntax psql and pgbench use for their variables), rewritten for
 * JDBC: each {@code :name} becomes {@code ?} and {@link #names()} says, in order, which value each {@code ?} takes
 * (a name used twice is bound twice). {@link #numberedSql()} is the same text with {@code $1, $2, ...}, one number
 * per distinct name in order of first use, for {@code PREPARE} (a plan test explains a statement that way).
 *
 * <p>Casts ({@code ::bigint}), string literals, quoted identifiers, dollar-quoted bodies and comments are left
 * alone. A literal {@code ?} (a jsonb operator) would be read by the driver as a parameter: use the functions
 * ({@code jsonb_exists}) instead; {@link #parse} refuses it, so the mistake shows at the first run.
 */
public record NamedSql(String jdbcSql, List<String> names, String numberedSql) {

    public static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        StringBuilder numbered = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i + 1, c);
                out.append(sql, i, end);
                numbered.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                numbered.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                numbered.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                numbered.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                numbered.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                names.add(name);
                out.append('?');
                numbered.append('$').append(names.stream().distinct().toList().indexOf(name) + 1);
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("A literal '?' in SQL would be taken for a parameter; use :name "
                        + "parameters and jsonb_exists() instead of the ? operator: " + sql);
            } else {
                out.append(c);
                numbered.append(c);
                i++;
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names), numbered.toString());
    }

    /** The distinct names in order of first use: {@code $n} of {@link #numberedSql()} takes the n-th. */
    public List<String> distinctNames() {
        return names.stream().distinct().toList();
    }

    /** The index just past the quote that closes one opened at {@code from - 1} (a doubled quote is an escaped one). */
    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The dollar-quote tag ({@code $$} or {@code $body$}) starting at {@code i}, or null when there is none. */
    private static String dollarTag(String sql, int i) {
        int end = i + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            if (end == i + 1 && Character.isDigit(sql.charAt(end))) {
                return null; // $1 is a positional parameter, not a tag
            }
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(i, end + 1) : null;
    }
}
