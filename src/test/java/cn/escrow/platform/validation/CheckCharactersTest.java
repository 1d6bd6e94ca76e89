package cn.escrow.platform.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckCharactersTest {

    private static final String CREDIT_CODE = "91350100M000100Y43";
    private static final String RESIDENT_ID = "11010519491231002X";
    private static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @Test
    void shouldAcceptKnownValidCreditCode() {
        assertThat(CheckCharacters.isValidCreditCode(CREDIT_CODE)).isTrue();
        assertThat(CheckCharacters.completeCreditCode(CREDIT_CODE.substring(0, 17))).isEqualTo(CREDIT_CODE);
    }

    @Test
    void shouldRefuseCreditCodeWithAnyOtherCheckCharacter() {
        String first17 = CREDIT_CODE.substring(0, 17);
        int refused = 0;
        for (char c : CREDIT_CODE_CHARS.toCharArray()) {
            if (c != '3') {
                assertThat(CheckCharacters.isValidCreditCode(first17 + c)).as("check character %s", c).isFalse();
                refused++;
            }
        }
        assertThat(refused).isEqualTo(30);
    }

    @Test
    void shouldRefuseCreditCodeWithAlteredBody() {
        assertThat(CheckCharacters.isValidCreditCode("91350100M000100Y53")).isFalse();
        assertThat(CheckCharacters.isValidCreditCode("92350100M000100Y43")).isFalse();
        assertThat(CheckCharacters.isValidCreditCode("91350100M000010Y43")).isFalse(); // two characters swapped
    }

    @Test
    void shouldRefuseMalformedCreditCodes() {
        assertThat(CheckCharacters.isValidCreditCode(null)).isFalse();
        assertThat(CheckCharacters.isValidCreditCode("")).isFalse();
        assertThat(CheckCharacters.isValidCreditCode(CREDIT_CODE.substring(0, 17))).isFalse();
        assertThat(CheckCharacters.isValidCreditCode(CREDIT_CODE + "3")).isFalse();
        assertThat(CheckCharacters.isValidCreditCode(CREDIT_CODE.toLowerCase())).isFalse();
        // I, O, S, V and Z are not used in credit codes.
        for (char c : "IOSVZ".toCharArray()) {
            assertThat(CheckCharacters.isValidCreditCode("91350100" + c + "000100Y4" + "3")).as("letter %s", c).isFalse();
        }
    }

    @Test
    void shouldCompleteCreditCodesThatThenValidate() {
        for (String first17 : new String[] {"91530100000000001", "12100000400000624", "31110000MA01ABCDE"}) {
            String full = CheckCharacters.completeCreditCode(first17);
            assertThat(full).hasSize(18).startsWith(first17);
            assertThat(CheckCharacters.isValidCreditCode(full)).as(full).isTrue();
        }
    }

    @Test
    void shouldAcceptKnownValidResidentId() {
        assertThat(CheckCharacters.isValidResidentId(RESIDENT_ID)).isTrue();
        assertThat(CheckCharacters.looksLikeResidentId(RESIDENT_ID)).isTrue();
        assertThat(CheckCharacters.completeResidentId(RESIDENT_ID.substring(0, 17))).isEqualTo(RESIDENT_ID);
    }

    @Test
    void shouldRefuseResidentIdWithAnyOtherCheckCharacter() {
        String first17 = RESIDENT_ID.substring(0, 17);
        for (char c : "0123456789".toCharArray()) {
            assertThat(CheckCharacters.isValidResidentId(first17 + c)).as("check character %s", c).isFalse();
        }
    }

    @Test
    void shouldRefuseResidentIdWithAlteredDigits() {
        assertThat(CheckCharacters.isValidResidentId("11010519491231003X")).isFalse();
        assertThat(CheckCharacters.isValidResidentId("21010519491231002X")).isFalse();
    }

    @Test
    void shouldRefuseMalformedResidentIds() {
        assertThat(CheckCharacters.isValidResidentId(null)).isFalse();
        assertThat(CheckCharacters.isValidResidentId("")).isFalse();
        assertThat(CheckCharacters.isValidResidentId(RESIDENT_ID.substring(0, 17))).isFalse();
        assertThat(CheckCharacters.isValidResidentId(RESIDENT_ID + "1")).isFalse();
        assertThat(CheckCharacters.isValidResidentId("1101051949123100AX")).isFalse();
        assertThat(CheckCharacters.looksLikeResidentId("E12345678")).isFalse();
    }

    @Test
    void shouldCompleteResidentIdsThatThenValidate() {
        for (String first17 : new String[] {"53010019900101001", "44030419851231123", "00000000000000000"}) {
            String full = CheckCharacters.completeResidentId(first17);
            assertThat(full).hasSize(18).startsWith(first17);
            assertThat(CheckCharacters.isValidResidentId(full)).as(full).isTrue();
        }
    }
}
