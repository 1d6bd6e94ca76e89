package cn.escrow.buyers;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.registry.BuyerIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A buyer's own look-up (Kunming 88号): by contract number and the last 6 characters of the buyer's
 * ID number, the payments that reached the supervised account for the contract, its loan
 * disbursements and the project's supervised balance. The factor is checked against the contract's
 * keyed hash ({@link BuyerIds#lookupMac}), never against a decrypted number. An unknown contract and a
 * wrong factor take the same path and give the same empty answer; the factor is never logged or stored.
 */
@ApplicationScoped
public class BuyerLookupService {

    /** Compared against when the contract does not exist, so that both failures do the same work. */
    private static final byte[] NO_CONTRACT = new byte[32];

    private final Sql sql;
    private final BuyerIds buyerIds;
    private final AuditLog audit;
    private final EscrowClock clock;

    public BuyerLookupService(Sql sql, BuyerIds buyerIds, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.buyerIds = buyerIds;
        this.audit = audit;
        this.clock = clock;
    }

    /** One credit to the supervised account naming the contract. */
    public record Payment(OffsetDateTime bookedAt, BigDecimal amount, String purpose) {
    }

    /** One loan disbursement of the contract. */
    public record Disbursement(BigDecimal amount, String status) {
    }

    /** What the buyer sees: only this contract, nothing of other buyers, no ID number. */
    public record BuyerView(String contractNo, String projectName, String unitNo, BigDecimal totalPrice, BigDecimal paid,
                            List<Payment> payments, List<Disbursement> loanDisbursements, BigDecimal projectSupervisedBalance,
                            @Schema(description = "False once supervision of the project has ended (its money is no longer supervised)")
                            boolean projectSupervised,
                            @Schema(description = "SUPERVISED, ENDING (the end applied for) or ENDED") String projectSupervisionState,
                            @Schema(description = "Bank guarantees (保函) now standing in for part of the project's key money; 0.00 when none")
                            BigDecimal projectGuaranteed) {
    }

    private record Found(long contractId, long projectId, String unitNo, BigDecimal totalPrice, byte[] lookupMac, String projectName,
                         BigDecimal balance, String state, BigDecimal guaranteed) {
    }

    /** The buyer's view, or empty when the contract is unknown or the factor does not match it. */
    @Transactional
    public Optional<BuyerView> lookUp(String contractNo, String idNoLast6, String address) {
        Found c = sql.one("""
                SELECT c.id, c.project_id, c.unit_no, c.total_price, c.buyer_lookup_mac, p.name AS project_name, a.balance,
                       coalesce(l.state, 'SUPERVISED') AS state,
                       coalesce((SELECT sum(g.amount) FROM guarantee g WHERE g.project_id = c.project_id AND g.status = 'ACTIVE'), 0)
                           AS guaranteed
                FROM contract c JOIN project p ON p.id = c.project_id
                LEFT JOIN supervised_account a ON a.project_id = c.project_id
                LEFT JOIN project_lifecycle l ON l.project_id = c.project_id
                WHERE c.contract_no = :contractNo""",
                r -> new Found(r.getLong("id"), r.getLong("project_id"), r.getString("unit_no"), r.getBigDecimal("total_price"),
                        r.getBytes("buyer_lookup_mac"), r.getString("project_name"), r.getBigDecimal("balance"), r.getString("state"),
                        r.getMoney("guaranteed")), "contractNo", contractNo);
        byte[] expected = c == null || c.lookupMac() == null ? NO_CONTRACT : c.lookupMac();
        boolean matches = MessageDigest.isEqual(expected, buyerIds.lookupMac(contractNo, idNoLast6)) && c != null;
        if (!matches) {
            return Optional.empty();
        }
        // The contract's credits: naming it, paying one of its payment notices, or attributed to it since (不明入账).
        List<Payment> payments = sql.list("""
                SELECT t.booked_at, t.amount, t.purpose FROM account_transaction t
                WHERE t.project_id = :projectId AND t.direction = 'CREDIT' AND t.reverses_serial_no IS NULL
                  AND (t.contract_no = :contractNo
                       OR t.payment_notice_no IN (SELECT n.notice_no FROM payment_notice n WHERE n.contract_id = :contractId)
                       OR t.id IN (SELECT x.transaction_id FROM credit_attribution x WHERE x.contract_id = :contractId))
                  AND NOT EXISTS (SELECT 1 FROM account_transaction r
                                  WHERE r.project_id = t.project_id AND r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no)
                ORDER BY t.booked_at, t.id""",
                r -> new Payment(clock.inZone(r.getInstant("booked_at")), r.getBigDecimal("amount"), r.getString("purpose")),
                "projectId", c.projectId(), "contractNo", contractNo, "contractId", c.contractId());
        BigDecimal paid = payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        List<Disbursement> disbursements = sql.list(
                "SELECT amount, status FROM loan_disbursement WHERE contract_id = :contractId ORDER BY received_at, id",
                r -> new Disbursement(r.getBigDecimal("amount"), r.getString("status")), "contractId", c.contractId());
        audit.record("buyer", AuditAction.BUYER_LOOKUP, "contract:" + contractNo, c.projectId(), details("address", address));
        return Optional.of(new BuyerView(contractNo, c.projectName(), c.unitNo(), c.totalPrice(), paid, payments, disbursements,
                c.balance(), !"ENDED".equals(c.state()), c.state(), c.guaranteed()));
    }
}
