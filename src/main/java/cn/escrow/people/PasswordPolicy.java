package cn.escrow.people;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The password rules of interface 1.1: at least 12 characters, at least 3 of the 4 classes (upper case, lower
 * case, digit, other), not containing the username, and not a well-known weak password (the list in
 * {@code security/weak-passwords.txt}: an entry, or an entry with only digits and symbols around it).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    static final String LIST = "security/weak-passwords.txt";

    private static final Set<String> WEAK = load();

    private PasswordPolicy() {
    }

    /** The rule the password breaks, worded for a violation message; empty when it keeps them all. */
    public static Optional<String> broken(String username, String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        if (classes(password) < 3) {
            return Optional.of("must mix at least 3 of: upper case letters, lower case letters, digits, other characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("must not contain the username");
        }
        if (WEAK.contains(lower) || WEAK.contains(core(lower))) {
            return Optional.of("is a well-known weak password");
        }
        return Optional.empty();
    }

    static int classes(String password) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < password.length(); ) {
            int c = password.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isLowerCase(c)) {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /** From the first letter to the last: the password less the digits and symbols added around a word. */
    static String core(String password) {
        int first = 0;
        while (first < password.length() && !Character.isLetter(password.charAt(first))) {
            first++;
        }
        int last = password.length() - 1;
        while (last >= first && !Character.isLetter(password.charAt(last))) {
            last--;
        }
        return password.substring(first, last + 1);
    }

    static int listSize() {
        return WEAK.size();
    }

    private static Set<String> load() {
        InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST);
        if (in == null) {
            throw new IllegalStateException("The weak password list " + LIST + " is missing from the build");
        }
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    words.add(entry.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
