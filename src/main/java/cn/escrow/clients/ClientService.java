package cn.escrow.clients;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Registers machine clients and rotates their secrets. A secret is returned once and never logged.
 * Every change tells {@link ClientCredentials}, which drops its cached copy when the transaction ends.
 */
@ApplicationScoped
public class ClientService {

    private final MachineClientRepository clients;
    private final AdvisoryLocks locks;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final Event<ClientCredentials.Changed> changed;

    public ClientService(MachineClientRepository clients, AdvisoryLocks locks, SecretCipher cipher, AuditLog audit, EscrowClock clock, EscrowConfig config,
                         Event<ClientCredentials.Changed> changed) {
        this.clients = clients;
        this.locks = locks;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.changed = changed;
    }

    /** A client with its secret in clear, for the one response that shows it. */
    public record Issued(MachineClient client, String secret) {
    }

    @Transactional
    public Issued create(Caller caller, String clientId, String name, MachineClient.Kind kind, String bankCode) {
        boolean lender = kind == MachineClient.Kind.BANK || kind == MachineClient.Kind.PROVIDENT_FUND_CENTER;
        if (lender && bankCode == null) {
            throw new ValidationFailed("bankCode", "is required for a " + kind + " client (its institution code)");
        }
        if (!lender && bankCode != null) {
            throw new ValidationFailed("bankCode", "is only for BANK and PROVIDENT_FUND_CENTER clients");
        }
        if (clients.findById(clientId) != null) {
            throw new Conflict("Client '" + clientId + "' already exists");
        }
        if (lender) {
            sameCodeOtherKind(kind, bankCode);
        }
        String secret = cipher.newSecret();
        MachineClient c = new MachineClient();
        c.clientId = clientId;
        c.name = name;
        c.kind = kind;
        c.bankCode = bankCode;
        c.secretEnc = cipher.encrypt(secret);
        c.enabled = true;
        c.createdAt = clock.now();
        clients.persistAndFlush(c);
        changed.fire(new ClientCredentials.Changed(clientId));
        audit.record(caller.actor(), AuditAction.CLIENT_CREATED, "client:" + clientId, null,
                details("name", name, "kind", kind.name(), "bankCode", bankCode));
        return new Issued(c, secret);
    }

    /**
     * An institution code names one lender: a fund centre must not share a bank's code, or it could read and
     * revoke that bank's loan notices (which are keyed by code). Several clients of one kind may share it. The
     * advisory lock on the code makes two concurrent creations decide one after the other.
     */
    private void sameCodeOtherKind(MachineClient.Kind kind, String bankCode) {
        locks.acquire(AdvisoryLock.MACHINE_CLIENT_CODE, bankCode);
        if (clients.countWithCodeOfOtherKind(bankCode, kind) > 0) {
            throw new Conflict("Institution code " + bankCode + " belongs to a client of another kind");
        }
    }

    /** A new secret; the previous one keeps verifying until the returned time. */
    public record Rotated(String secret, Instant previousValidUntil) {
    }

    /**
     * A new secret. The previous one keeps verifying for escrow.signature.previous-secret-validity, or, with
     * {@code revokePrevious} (a leaked secret), not at all: its stored copy is dropped, and this instance's
     * credentials cache forgets the client when the transaction ends (other instances within their cache TTL).
     */
    @Transactional
    public Rotated rotate(Caller caller, String clientId, boolean revokePrevious) {
        MachineClient c = clients.findById(clientId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new NotFound("Client " + clientId);
        }
        String secret = cipher.newSecret();
        Instant now = clock.now();
        c.previousSecretEnc = revokePrevious ? null : c.secretEnc;
        c.previousValidUntil = revokePrevious ? null : now.plus(config.signature().previousSecretValidity());
        c.secretEnc = cipher.encrypt(secret);
        changed.fire(new ClientCredentials.Changed(clientId));
        Instant previousValidUntil = revokePrevious ? now : c.previousValidUntil;
        audit.record(caller.actor(), AuditAction.CLIENT_SECRET_ROTATED, "client:" + clientId, null,
                details("previousValidUntil", clock.inZone(previousValidUntil).toString(), "revokePrevious", revokePrevious));
        return new Rotated(secret, previousValidUntil);
    }

    @Transactional
    public MachineClient setEnabled(Caller caller, String clientId, boolean enabled) {
        MachineClient c = clients.findById(clientId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new NotFound("Client " + clientId);
        }
        c.enabled = enabled;
        changed.fire(new ClientCredentials.Changed(clientId));
        audit.record(caller.actor(), enabled ? AuditAction.CLIENT_ENABLED : AuditAction.CLIENT_DISABLED, "client:" + clientId, null, details());
        return c;
    }
}
