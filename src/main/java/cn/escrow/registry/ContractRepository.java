package cn.escrow.registry;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/** Buyers' purchase contracts: loads by contract number (locked for a cancellation) and saves. */
@ApplicationScoped
public class ContractRepository implements PanacheRepository<Contract> {

    public Optional<Contract> byNumber(String contractNo) {
        return find("contractNo", contractNo).firstResultOptional();
    }

    /** The contract's row, locked until the transaction ends. */
    public Optional<Contract> lockByNumber(String contractNo) {
        return find("contractNo", contractNo).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
