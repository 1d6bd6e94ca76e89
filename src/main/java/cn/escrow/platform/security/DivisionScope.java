package cn.escrow.platform.security;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The administrative divisions (GB/T 2260) a person may see. Empty: the whole system. A code names a county
 * ({@code 530126}: that county), a city ({@code 530100}, ending 00: all its counties {@code 5301xx}) or a province
 * ({@code 530000}, ending 0000: all {@code 53xxxx}).
 */
public record DivisionScope(List<String> codes) {

    /** Six digits with a province prefix of GB/T 2260 (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82). */
    public static final String CODE_PATTERN = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{4}$";
    /** A county-level code: as {@link #CODE_PATTERN}, not ending 00 (a project lies in a county). */
    public static final String COUNTY_PATTERN = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{2}([0-9][1-9]|[1-9][0-9])$";

    private static final Pattern CODE = Pattern.compile(CODE_PATTERN);

    /** The whole system. */
    public static final DivisionScope ALL = new DivisionScope(List.of());

    public DivisionScope {
        codes = List.copyOf(new TreeSet<>(codes));
    }

    /** From the stored comma-separated form; null or empty: the whole system. */
    public static DivisionScope parse(String stored) {
        return stored == null || stored.isBlank() ? ALL : new DivisionScope(Arrays.asList(stored.split(",")));
    }

    public static DivisionScope of(Set<String> codes) {
        return codes == null ? ALL : new DivisionScope(List.copyOf(codes));
    }

    /** The stored form, null for the whole system. */
    public String stored() {
        return codes.isEmpty() ? null : String.join(",", codes);
    }

    public static boolean valid(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public boolean unlimited() {
        return codes.isEmpty();
    }

    /** Whether a project of division {@code projectCode} lies in this scope. */
    public boolean covers(String projectCode) {
        return unlimited() || likePatterns().stream().anyMatch(p -> p.endsWith("%")
                ? projectCode.startsWith(p.substring(0, p.length() - 1)) : projectCode.equals(p));
    }

    /** Whether every project of division {@code code} (a county, a city or a province) lies in this scope. */
    public boolean contains(String code) {
        String wanted = prefix(code);
        return unlimited() || codes.stream().anyMatch(c -> wanted.startsWith(prefix(c)));
    }

    private static String prefix(String code) {
        return code.endsWith("0000") ? code.substring(0, 2) : code.endsWith("00") ? code.substring(0, 4) : code;
    }

    /**
     * As {@link #likePatterns()}, never empty: {@code %} for the whole system (an empty list would reach PostgreSQL as
     * an array of no known type), for statements that bind {@code :divs} whatever the scope.
     */
    public List<String> sqlPatterns() {
        return unlimited() ? List.of("%") : likePatterns();
    }

    /** The codes as SQL LIKE patterns: {@code 530126}, {@code 5301%}, {@code 53%}. */
    public List<String> likePatterns() {
        return codes.stream().map(c -> c.endsWith("0000") ? c.substring(0, 2) + "%"
                : c.endsWith("00") ? c.substring(0, 4) + "%" : c).toList();
    }
}
