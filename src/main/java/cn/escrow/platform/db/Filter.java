package cn.escrow.platform.db;

import cn.escrow.platform.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The WHERE of a list endpoint from optional filters, and the page it asks for with its total from that one
 * definition: a condition joins only when its value is given, so no {@code (:x IS NULL OR ...)} reaches the planner.
 *
 * <pre>{@code
 * Filter.Page<Project> page = Filter.where()
 *         .and("enterpriseId = :ent", "ent", enterpriseId)
 *         .and("signingEnabled = :signing", "signing", signingEnabled)
 *         .page(projects, Sort.by("id"), paging);
 * }</pre>
 *
 * Conditions are written in the language of the query they join: entity properties for a Panache repository,
 * column names for {@link Sql}.
 */
public final class Filter {

    /** A page of items and the number of all that match. */
    public record Page<T>(List<T> items, long total) {
        public <R> Page<R> map(Function<T, R> view) {
            return new Page<>(items.stream().map(view).toList(), total);
        }
    }

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private Filter() {
    }

    /** An empty filter: everything matches. */
    public static Filter where() {
        return new Filter();
    }

    /** Adds {@code condition} with its one parameter {@code name}, unless {@code value} is null (no filter asked). */
    public Filter and(String condition, String name, Object value) {
        if (value != null) {
            conditions.add(condition);
            parameters.put(name, value);
        }
        return this;
    }

    /**
     * Adds {@code condition}, where {@code %s} stands for "{@code column} is like one of {@code patterns}", unless
     * there are no patterns (no limit): a person's divisions ({@code DivisionScope.likePatterns()}).
     */
    public Filter andLikeAny(String condition, String column, List<String> patterns) {
        if (!patterns.isEmpty()) {
            List<String> likes = new ArrayList<>();
            for (String pattern : patterns) {
                String name = "like" + parameters.size();
                likes.add(column + " LIKE :" + name);
                parameters.put(name, pattern);
            }
            conditions.add(condition.formatted("(" + String.join(" OR ", likes) + ")"));
        }
        return this;
    }

    /** A page of a repository's entities matching the filter, in {@code sort} order, with the total. */
    public <T> Page<T> page(PanacheRepositoryBase<T, ?> repository, Sort sort, PageRequest paging) {
        PanacheQuery<T> query = repository.find(String.join(" AND ", conditions), sort, parameters);
        return new Page<>(query.page(paging.page(), paging.size()).list(), query.count());
    }

    /**
     * A page of rows ({@code SELECT columns FROM from}) matching the filter, ordered by {@code orderBy} (ending
     * with a unique column, so that pages do not overlap), with the total.
     */
    public <T> Page<T> page(Sql sql, String columns, String from, String orderBy, Sql.RowMapper<T> mapper, PageRequest paging) {
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        long total = sql.number("SELECT count(*) FROM " + from + where, pairs());
        List<T> items = sql.list("SELECT " + columns + " FROM " + from + where + " ORDER BY " + orderBy
                + " LIMIT :limit OFFSET :offset", mapper, pairs("limit", paging.size(), "offset", paging.offset()));
        return new Page<>(items, total);
    }

    private Object[] pairs(Object... more) {
        List<Object> pairs = new ArrayList<>(parameters.size() * 2 + more.length);
        parameters.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        pairs.addAll(List.of(more));
        return pairs.toArray();
    }
}
