package cn.escrow.platform.validation;

import java.util.regex.Pattern;

/** The check characters of Chinese identifiers: GB 32100-2015 credit codes and GB 11643 resident ID numbers. */
public final class CheckCharacters {

    private static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}");

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECKS = "10X98765432";
    private static final Pattern RESIDENT_ID = Pattern.compile("[0-9]{17}[0-9Xx]");

    private CheckCharacters() {
    }

    /** True when {@code code} is an 18-character unified social credit code with a valid check character. */
    public static boolean isValidCreditCode(String code) {
        if (code == null || !CREDIT_CODE.matcher(code).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CREDIT_CODE_CHARS.indexOf(code.charAt(i)) * CREDIT_CODE_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        return code.charAt(17) == CREDIT_CODE_CHARS.charAt(check);
    }

    /** True when {@code id} looks like an 18-character mainland resident ID number (17 digits and a check). */
    public static boolean looksLikeResidentId(String id) {
        return id != null && RESIDENT_ID.matcher(id).matches();
    }

    /** True when an 18-character resident ID number carries the right GB 11643 check character. */
    public static boolean isValidResidentId(String id) {
        if (!looksLikeResidentId(id)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == ID_CHECKS.charAt(sum % 11);
    }

    /** Appends the right check character to the first 17 characters of a credit code (for tests and demo data). */
    public static String completeCreditCode(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CREDIT_CODE_CHARS.indexOf(first17.charAt(i)) * CREDIT_CODE_WEIGHTS[i];
        }
        return first17 + CREDIT_CODE_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** Appends the right check character to 17 digits of a resident ID number (for tests and demo data). */
    public static String completeResidentId(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return first17 + ID_CHECKS.charAt(sum % 11);
    }
}
