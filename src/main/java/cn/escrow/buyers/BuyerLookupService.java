package cn.escrow.buyers;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A buyer's own look-up (Kunming 88号): by contract number and the last 6 characters of the buyer's
 * ID number, the payments that reached the supervised account for the contract, its loan
 * disbursements and the project's supervised balance. An unknown contract and a wrong factor take
 * the same path and give the same empty answer; the factor is never logged or stored.
 */
@ApplicationScoped
public class BuyerLookupService {

    /** Compared against when the contract does not exist, so that both failures do the same work. */
    private static final byte[] NO_CONTRACT = "\0\0\0\0\0\0".getBytes(StandardCharsets.UTF_8);

    private final EntityManager em;
    private final AuditLog audit;
    private final EscrowClock clock;

    public BuyerLookupService(EntityManager em, AuditLog audit, EscrowClock clock) {
        this.em = em;
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
                            List<Payment> payments, List<Disbursement> loanDisbursements, BigDecimal projectSupervisedBalance) {
    }

    /** The buyer's view, or empty when the contract is unknown or the factor does not match it. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<BuyerView> lookUp(String contractNo, String idNoLast6, String address) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.id, c.project_id, c.unit_no, c.total_price, c.buyer_id_no, p.name, a.balance
                FROM contract c JOIN project p ON p.id = c.project_id
                LEFT JOIN supervised_account a ON a.project_id = c.project_id
                WHERE c.contract_no = :c""").setParameter("c", contractNo).getResultList();
        Object[] c = rows.isEmpty() ? null : rows.get(0);
        byte[] expected = c == null ? NO_CONTRACT : lastSix((String) c[4]);
        boolean matches = MessageDigest.isEqual(expected, lastSix(idNoLast6)) && c != null;
        if (!matches) {
            return Optional.empty();
        }
        long contractId = ((Number) c[0]).longValue();
        long projectId = ((Number) c[1]).longValue();
        List<Payment> payments = ((List<Object[]>) em.createNativeQuery("""
                SELECT t.booked_at, t.amount, t.purpose FROM account_transaction t
                WHERE t.project_id = :p AND t.contract_no = :c AND t.direction = 'CREDIT' AND t.reverses_serial_no IS NULL
                  AND NOT EXISTS (SELECT 1 FROM account_transaction r
                                  WHERE r.project_id = t.project_id AND r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no)
                ORDER BY t.booked_at, t.id""").setParameter("p", projectId).setParameter("c", contractNo).getResultList())
                .stream().map(r -> new Payment(clock.inZone(SqlValues.instant(r[0])), (BigDecimal) r[1], (String) r[2])).toList();
        BigDecimal paid = payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        List<Disbursement> disbursements = ((List<Object[]>) em.createNativeQuery("""
                SELECT amount, status FROM loan_disbursement WHERE contract_id = :k ORDER BY received_at, id""")
                .setParameter("k", contractId).getResultList())
                .stream().map(r -> new Disbursement((BigDecimal) r[0], (String) r[1])).toList();
        audit.record("buyer", "BUYER_LOOKUP", "contract:" + contractNo, projectId, details("address", address));
        return Optional.of(new BuyerView(contractNo, (String) c[5], (String) c[2], (BigDecimal) c[3], paid, payments, disbursements,
                (BigDecimal) c[6]));
    }

    /** The last 6 characters, upper case (a resident ID may end in x or X). */
    private static byte[] lastSix(String value) {
        String tail = value.length() <= 6 ? value : value.substring(value.length() - 6);
        return tail.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
}
