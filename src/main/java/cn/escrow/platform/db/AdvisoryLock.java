package cn.escrow.platform.db;

/**
 * The PostgreSQL advisory locks of the service, one key per purpose, so that no two purposes can share a key by
 * accident. Each is taken for the rest of a transaction through {@link AdvisoryLocks}; instances sharing the
 * database take the same keys, which is what makes "one at a time" hold across instances.
 */
public enum AdvisoryLock {

    /** The overdue-loan sweep ("SWEEP"; {@code bench/two-instances.sh} holds it by this value). */
    OVERDUE_SWEEP(0x5357454550L),
    /** The rectification sweep ("RECTSWEP"). */
    RECTIFICATION_SWEEP(0x5245435453574550L),
    /** Publication of periodic reports ("REPO"). */
    REPORT_PUBLICATION(0x5245504FL),
    /** Creation of the first administrator at start. */
    BOOTSTRAP_ADMIN(7301L),
    /** Creation of the demo registry at start (dev mode). */
    DEMO_DATA(7302L),
    /** Creation of a machine client with an institution code, per code ({@link AdvisoryLocks#acquire(AdvisoryLock, String)}). */
    MACHINE_CLIENT_CODE(7303L),
    /** Sealing audit events into the hash chain ("AUDIT"). */
    AUDIT_SEAL(0x4155444954L),
    /** The release payment deadline sweep, RELEASE_NOT_PAID ("RELNOPAY"). */
    RELEASE_NOT_PAID_SWEEP(0x52454C4E4F504159L),
    /** The missing-statement sweep, STATEMENT_MISSING ("STMTMISS"). */
    STATEMENT_MISSING_SWEEP(0x53544D544D495353L),
    /** The risk computation, whole or of one project ("RISK"). */
    RISK(0x5249534BL);

    private final long key;

    AdvisoryLock(long key) {
        this.key = key;
    }

    public long key() {
        return key;
    }
}
