package cn.escrow.platform.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named statements of one file under {@code src/main/resources/sql/}, each after a line {@code -- name: <name>},
 * with {@code :name} parameters: the service runs them through {@link Sql}, a plan test explains them and the
 * benchmarks hand them to psql or pgbench, so all three run the same text.
 *
 * <pre>{@code
 * static final SqlFile SWEEP = SqlFile.load("overdue-sweep.sql");
 * int marked = sql.one(SWEEP.get("mark-overdue"), row -> row.getInt("marked"), "now", now, ...);
 * }</pre>
 *
 * <p>Text before the first {@code -- name:} line (the file's header) belongs to no statement; a statement's final
 * semicolon is dropped.
 */
public final class SqlFile {

    private static final String MARKER = "-- name:";

    private final String path;
    private final Map<String, String> statements;

    private SqlFile(String path, Map<String, String> statements) {
        this.path = path;
        this.statements = Collections.unmodifiableMap(statements);
    }

    /** The statements of {@code src/main/resources/sql/<path>}, read once (keep the result in a constant). */
    public static SqlFile load(String path) {
        return parse(path, Sql.file(path));
    }

    /** The statements of a file's text; {@code path} only names it in errors. */
    static SqlFile parse(String path, String text) {
        Map<String, String> statements = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                add(path, statements, current, body);
                current = line.substring(MARKER.length()).trim();
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        add(path, statements, current, body);
        return new SqlFile(path, statements);
    }

    private static void add(String path, Map<String, String> statements, String name, StringBuilder body) {
        if (name == null) {
            return;
        }
        String text = body.toString().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (name.isEmpty() || text.isEmpty() || statements.putIfAbsent(name, text) != null) {
            throw new IllegalStateException("sql/" + path + ": statement '" + name + "' is unnamed, empty or named twice");
        }
    }

    /** The text of the statement named {@code name}, with its {@code :name} parameters; one the file lacks is a bug. */
    public String get(String name) {
        String text = statements.get(name);
        if (text == null) {
            throw new IllegalArgumentException("sql/" + path + " has no statement named " + name);
        }
        return text;
    }

    /** Every statement, by name, in file order. */
    public Map<String, String> statements() {
        return statements;
    }
}
