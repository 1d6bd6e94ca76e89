package cn.escrow.registry;

import cn.escrow.platform.db.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.util.Optional;

/** Buyers' purchase contracts: loads by contract number (locked for a cancellation) and saves. */
@ApplicationScoped
public class ContractRepository implements PanacheRepository<Contract> {

    private final Sql sql;

    public ContractRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * What the supervised account received for the contract: its credits naming it, paying one of its loan notices
     * (a lender's credit may name only the notice) or payment notices, or attributed to it (不明入账), less those the bank
     * reversed.
     */
    public BigDecimal received(Contract c) {
        return sql.one("""
                SELECT coalesce(sum(t.amount), 0) AS received FROM account_transaction t
                WHERE t.project_id = :p AND t.direction = 'CREDIT' AND t.reverses_serial_no IS NULL
                  AND (t.contract_no = :no
                       OR t.matched_disbursement_id IN (SELECT d.id FROM loan_disbursement d WHERE d.contract_id = :id)
                       OR t.payment_notice_no IN (SELECT n.notice_no FROM payment_notice n WHERE n.contract_id = :id)
                       OR t.id IN (SELECT x.transaction_id FROM credit_attribution x WHERE x.contract_id = :id))
                  AND NOT EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = t.bank_code
                                  AND r.reverses_serial_no = t.serial_no)""", r -> r.getMoney("received"),
                "p", c.projectId, "no", c.contractNo, "id", c.id);
    }

    public Optional<Contract> byNumber(String contractNo) {
        return find("contractNo", contractNo).firstResultOptional();
    }

    /** The contract's row, locked until the transaction ends. */
    public Optional<Contract> lockByNumber(String contractNo) {
        return find("contractNo", contractNo).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
