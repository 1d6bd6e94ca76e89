package cn.escrow.platform.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a schema pattern means the same in every regex engine a client may validate with
 * (ECMA-262 in browsers and TypeScript, Python's re, Java, .NET): anchored at both ends, because a JSON
 * Schema pattern matches anywhere in the text while Bean Validation matches the whole text; and free of
 * the constructs only some engines know.
 */
final class PortablePatterns {

    private static final Map<String, String> NOT_PORTABLE = Map.ofEntries(
            Map.entry("\\p{", "Unicode property classes (\\p{...}): Python's re has none; use a character range"),
            Map.entry("\\P{", "Unicode property classes (\\P{...}): Python's re has none; use a negated range such as "
                    + "[^\\x00-\\x1F\\x7F-\\x9F] for \\P{Cc}"),
            Map.entry("*+", "possessive quantifiers: ECMA-262 and Python before 3.11 have none"),
            Map.entry("++", "possessive quantifiers: ECMA-262 and Python before 3.11 have none"),
            Map.entry("?+", "possessive quantifiers: ECMA-262 and Python before 3.11 have none"),
            Map.entry("}+", "possessive quantifiers: ECMA-262 and Python before 3.11 have none"),
            Map.entry("(?>", "atomic groups: ECMA-262 has none"),
            Map.entry("(?<=", "lookbehind: not in every engine"),
            Map.entry("(?<!", "lookbehind: not in every engine"),
            Map.entry("(?<", "named groups: written differently in Python"),
            Map.entry("(?i", "inline flags: ECMA-262 has none"),
            Map.entry("\\A", "\\A: ECMA-262 has none; use ^"),
            Map.entry("\\Z", "\\Z: ECMA-262 has none; use $"),
            Map.entry("\\z", "\\z: ECMA-262 has none; use $"),
            Map.entry("\\h", "\\h: Java-only"),
            Map.entry("\\R", "\\R: Java-only"),
            Map.entry("\\Q", "\\Q...\\E quoting: ECMA-262 has none"),
            Map.entry("&&", "class intersection: Java-only"),
            Map.entry("[[", "nested classes: Java-only"));

    private PortablePatterns() {
    }

    /** What is wrong with {@code pattern}; empty when it is portable. */
    static List<String> problems(String pattern) {
        List<String> out = new ArrayList<>();
        if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) {
            out.add("not anchored with ^...$ (a schema pattern matches anywhere in the text)");
        }
        NOT_PORTABLE.forEach((construct, why) -> {
            if (pattern.contains(construct)) {
                out.add(why);
            }
        });
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            out.add("does not compile: " + e.getDescription());
        }
        return out;
    }
}
