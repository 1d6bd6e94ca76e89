package cn.escrow.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The portable text patterns mean exactly what the Java-only ones did, and the lint rule tells them apart. */
class PortablePatternsTest {

    @Test
    void shouldAcceptAndRefuseTheSameTextsAsTheJavaOnlyPattern() {
        Pattern before = Pattern.compile("(?=.*\\S)\\P{Cc}{1,64}");
        Pattern after = Pattern.compile("^(?=.*[^ ])[^\\x00-\\x1F\\x7F-\\x9F]{1,64}$");
        List<String> texts = new ArrayList<>(List.of("", " ", "   ", "a", " a ", "临川安居置业有限公司", "\t", "a\tb", "a\nb", "a\u0085",
                "\u2028", " \u2028", "\u00a0", "a\u007f", "\u009f", "\u00a0b", "𠮷", "x".repeat(64), "x".repeat(65),
                "𠮷".repeat(64), "𠮷".repeat(65), " ".repeat(63) + "x", "\u0000", "HT-2026-0001"));
        for (String text : texts) {
            assertThat(after.matcher(text).matches()).as("'%s'", text).isEqualTo(before.matcher(text).matches());
        }
    }

    @Test
    void shouldFlagJavaOnlyAndUnanchoredPatterns() {
        assertThat(PortablePatterns.problems("(?=.*\\S)\\P{Cc}{1,64}")).anyMatch(p -> p.contains("anchored"))
                .anyMatch(p -> p.contains("\\P{"));
        assertThat(PortablePatterns.problems("^[0-9]++$")).anyMatch(p -> p.contains("possessive"));
        assertThat(PortablePatterns.problems("[0-9]{6,32}")).anyMatch(p -> p.contains("anchored"));
        assertThat(PortablePatterns.problems("^(?=.*[^ ])[^\\x00-\\x1F\\x7F-\\x9F]{1,64}$")).isEmpty();
        assertThat(PortablePatterns.problems("^\\d{1,12}([.]\\d{1,2})?$")).isEmpty();
    }
}
