package cn.escrow.clients;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bank, a housing provident fund centre or the online signing system; its secrets are stored encrypted ({@link SecretCipher}). */
@Entity
@Table(name = "machine_client")
public class MachineClient {

    @Schema(name = "ClientKind")
    public enum Kind { BANK, SIGNING_SYSTEM, PROVIDENT_FUND_CENTER }

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "bank_code")
    public String bankCode;

    @Column(name = "secret_enc", nullable = false)
    public String secretEnc;

    @Column(name = "previous_secret_enc")
    public String previousSecretEnc;

    @Column(name = "previous_valid_until")
    public Instant previousValidUntil;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
