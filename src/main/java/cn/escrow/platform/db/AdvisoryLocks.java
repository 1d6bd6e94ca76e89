package cn.escrow.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Takes an {@link AdvisoryLock} until the current transaction ends (commit or rollback releases it). */
@ApplicationScoped
public class AdvisoryLocks {

    private final Sql sql;

    public AdvisoryLocks(Sql sql) {
        this.sql = sql;
    }

    /** Waits until the lock is free, then holds it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acquire(AdvisoryLock lock) {
        sql.one("SELECT pg_advisory_xact_lock(:key)", row -> true, "key", lock.key());
    }

    /**
     * Waits until the lock for this one value of a purpose (an institution code, say) is free, then holds it: the
     * two-key form, the purpose's key and a hash of the value, so it never meets a single-key lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acquire(AdvisoryLock lock, String value) {
        sql.one("SELECT pg_advisory_xact_lock(CAST(:key AS integer), hashtext(:value))", row -> true,
                "key", Math.toIntExact(lock.key()), "value", value);
    }

    /** Takes the lock if it is free; false (and nothing held) when another transaction holds it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryAcquire(AdvisoryLock lock) {
        return sql.one("SELECT pg_try_advisory_xact_lock(:key) AS taken", row -> row.getBoolean("taken"), "key", lock.key());
    }
}
