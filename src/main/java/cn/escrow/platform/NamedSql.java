package cn.escrow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SQL statement with named parameters ({@code :now}), read from a file under
 * {@code src/main/resources/sql/}, so that the service, its tests and the benchmarks run the same text:
 * the service binds the names through {@link Jdbc}, a test can {@code PREPARE} the numbered form, and psql
 * fills the names from its own variables ({@code \set now ...}), whose syntax this is.
 *
 * <p>A file holds several statements, each after a line {@code -- name: <name>}. A parameter is a colon
 * and a lower-case name; {@code ::} casts and text in quotes or comments are left alone.
 */
public final class NamedSql {

    private static final String MARKER = "-- name:";

    private final String name;
    private final String text;
    private final String jdbcText;
    private final List<String> occurrences;

    private NamedSql(String name, String text) {
        this.name = name;
        this.text = text;
        this.occurrences = new ArrayList<>();
        this.jdbcText = substitute(text, occurrences, null);
    }

    /** The statements of a classpath resource such as {@code sql/overdue-sweep.sql}, by name, in file order. */
    public static Map<String, NamedSql> load(String resource) {
        String file;
        try (InputStream in = NamedSql.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No SQL resource " + resource);
            }
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, NamedSql> statements = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : file.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                add(statements, current, body);
                current = line.substring(MARKER.length()).trim();
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        add(statements, current, body);
        return statements;
    }

    private static void add(Map<String, NamedSql> statements, String name, StringBuilder body) {
        if (name == null) {
            return;
        }
        String text = body.toString().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        statements.put(name, new NamedSql(name, text));
    }

    public String name() {
        return name;
    }

    /** The statement as written, with its {@code :name} parameters. */
    public String text() {
        return text;
    }

    /** The statement with a {@code ?} for every parameter occurrence, for a JDBC PreparedStatement. */
    public String jdbcText() {
        return jdbcText;
    }

    /** The values for {@link #jdbcText()}, in order; every parameter must have one (null allowed). */
    public Object[] bind(Map<String, ?> values) {
        return occurrences.stream().map(p -> value(values, p)).toArray();
    }

    /** The statement with {@code $1, $2, ...} (one number per distinct name, in order of first use), for PREPARE. */
    public String numberedText() {
        return substitute(text, new ArrayList<>(), distinctNames());
    }

    /** The values for {@link #numberedText()}, in order. */
    public Object[] bindNumbered(Map<String, ?> values) {
        return distinctNames().stream().map(p -> value(values, p)).toArray();
    }

    private List<String> distinctNames() {
        return occurrences.stream().distinct().toList();
    }

    private Object value(Map<String, ?> values, String parameter) {
        if (!values.containsKey(parameter)) {
            throw new IllegalArgumentException("Statement " + name + " needs a value for :" + parameter);
        }
        return values.get(parameter);
    }

    /**
     * Replaces each {@code :name} by {@code ?} (numbered null) or {@code $n} (its index in numbered, plus
     * one), collecting the names in order; quotes, comments and {@code ::} are copied as they are.
     */
    private static String substitute(String sql, List<String> found, List<String> numbered) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = i + 1;
            if (c == '\'' || c == '"') {
                end = sql.indexOf(c, i + 1);
                while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                end = end < 0 ? sql.length() : end + 1;
            } else if (c == '-' && sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            } else if (c == ':' && sql.startsWith("::", i)) {
                end = i + 2;
            } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                end = i + 2;
                while (end < sql.length() && isNamePart(sql.charAt(end))) {
                    end++;
                }
                String parameter = sql.substring(i + 1, end);
                found.add(parameter);
                out.append(numbered == null ? "?" : "$" + (numbered.indexOf(parameter) + 1));
                i = end;
                continue;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
