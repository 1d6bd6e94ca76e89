package cn.escrow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.audit.AuditChainHash.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The canonical form and the chain, as docs/security.md defines them. */
class AuditChainHashTest {

    private static final StoredEvent EVENT = new StoredEvent(7, Instant.parse("2026-11-01T02:00:00.12Z"), "sup-1", "PROJECT_CREATED",
            "project:3", 3L, "{\"name\": \"春城\"}");

    @Test
    void shouldWriteEachFieldWithItsByteLengthInTheDocumentedOrder() {
        String expected = "15:escrow-audit-v1\n1:7\n27:2026-11-01T02:00:00.120000Z\n5:sup-1\n15:PROJECT_CREATED\n9:project:3\n1:3\n"
                + "18:{\"name\": \"春城\"}\n";
        assertThat(new String(AuditChainHash.canonical(EVENT), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void shouldWriteAMissingProjectAsAnEmptyField() {
        StoredEvent noProject = new StoredEvent(8, Instant.parse("2026-11-01T02:00:00Z"), "admin", "CLIENT_CREATED", "client:b", null, "{}");
        assertThat(new String(AuditChainHash.canonical(noProject), StandardCharsets.UTF_8))
                .contains("\n27:2026-11-01T02:00:00.000000Z\n").endsWith("\n0:\n2:{}\n");
    }

    @Test
    void shouldChainFromThirtyTwoZeroBytes() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        byte[] expected = sha.digest(AuditChainHash.canonical(EVENT));
        byte[] first = AuditChainHash.next(AuditChainHash.GENESIS, EVENT);
        assertThat(HexFormat.of().formatHex(first)).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(AuditChainHash.next(first, EVENT)).isNotEqualTo(first); // the previous hash is part of the input
    }

    @Test
    void shouldTellFieldBoundariesApart() {
        StoredEvent a = new StoredEvent(1, EVENT.at(), "ab", "c", "s", null, "{}");
        StoredEvent b = new StoredEvent(1, EVENT.at(), "a", "bc", "s", null, "{}");
        assertThat(AuditChainHash.next(AuditChainHash.GENESIS, a)).isNotEqualTo(AuditChainHash.next(AuditChainHash.GENESIS, b));
    }

    @Test
    void shouldChangeTheHashWhenAnyFieldChanges() {
        byte[] original = AuditChainHash.next(AuditChainHash.GENESIS, EVENT);
        for (StoredEvent changed : new StoredEvent[] {
                new StoredEvent(8, EVENT.at(), EVENT.actor(), EVENT.action(), EVENT.subject(), EVENT.projectId(), EVENT.details()),
                new StoredEvent(7, EVENT.at().plusNanos(1000), EVENT.actor(), EVENT.action(), EVENT.subject(), EVENT.projectId(), EVENT.details()),
                new StoredEvent(7, EVENT.at(), "intruder", EVENT.action(), EVENT.subject(), EVENT.projectId(), EVENT.details()),
                new StoredEvent(7, EVENT.at(), EVENT.actor(), "RELEASE_APPROVED", EVENT.subject(), EVENT.projectId(), EVENT.details()),
                new StoredEvent(7, EVENT.at(), EVENT.actor(), EVENT.action(), "project:4", EVENT.projectId(), EVENT.details()),
                new StoredEvent(7, EVENT.at(), EVENT.actor(), EVENT.action(), EVENT.subject(), null, EVENT.details()),
                new StoredEvent(7, EVENT.at(), EVENT.actor(), EVENT.action(), EVENT.subject(), EVENT.projectId(), "{\"name\": \"春城2\"}")}) {
            assertThat(AuditChainHash.next(AuditChainHash.GENESIS, changed)).as(changed.toString()).isNotEqualTo(original);
        }
    }
}
