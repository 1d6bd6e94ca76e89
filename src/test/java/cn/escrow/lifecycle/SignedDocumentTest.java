package cn.escrow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.escrow.platform.error.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signed document's type comes from its bytes, never from its name; its hash is the SHA-256 of the bytes. */
class SignedDocumentTest {

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void shouldSniffPdfPngAndJpegAndRefuseEverythingElse() {
        assertThat(SignedDocument.of("d", "a.png", b64("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).type()).isEqualTo("application/pdf");
        assertThat(SignedDocument.of("d", "a.pdf", b64(LifecycleFixture.PNG)).type()).isEqualTo("image/png");
        assertThat(SignedDocument.of("d", "a", b64(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).type()).isEqualTo("image/jpeg");
        assertThatThrownBy(() -> SignedDocument.of("d", "a.pdf", b64("<html>%PDF-".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> SignedDocument.of("d", "a.pdf", "not base64!")).isInstanceOf(ValidationFailed.class);
        assertThatThrownBy(() -> SignedDocument.of("d", "a.pdf", b64(new byte[] {'%', 'P'}))).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void shouldHashTheBytes() {
        // SHA-256 of "abc" (FIPS 180-2 example).
        assertThat(SignedDocument.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
