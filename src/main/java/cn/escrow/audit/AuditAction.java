package cn.escrow.audit;

/**
 * Every kind of audit event the service writes, so that an action is named once and a reader of the trail can
 * filter by a closed list. Statements that append their audit row in SQL bind the name of one of these.
 */
public enum AuditAction {
    // Registry: enterprises, projects, accounts, contracts, buyers
    ENTERPRISE_CREATED,
    PROJECT_CREATED,
    ACCOUNT_OPENED,
    CONTRACT_FILED,
    CONTRACT_CANCELLED,
    BUYER_LOOKUP,

    // Bank pushes and the loan notices' lifecycle
    LOAN_DISBURSEMENT_PUSHED,
    LOAN_DISBURSEMENT_WITHDRAWN,
    ACCOUNT_TRANSACTION_PUSHED,
    LOAN_CREDIT_REVERSED,
    DAILY_BALANCE_PUSHED,
    /** The bank corrected a day's statement: a new version of it. */
    DAILY_BALANCE_CORRECTED,
    /** A late entry changed our figures for a reported day: it was re-checked against the bank's statement. */
    DAILY_BALANCE_RECHECKED,
    JUDICIAL_ACTION_PUSHED,

    // The 30-day rule and online signing
    OVERDUE_SWEEP_RUN,
    SIGNING_DISABLED,
    SIGNING_ENABLED,
    SIGNING_LOCK_CREATED,
    SIGNING_LOCK_LIFTED,
    ALERT_RAISED,
    ALERT_ACKNOWLEDGED,
    ALERT_CLOSED,

    // Supervised money: key amount, nodes, releases, refunds, court deductions
    SUPERVISION_PARAMETERS_SET,
    KEY_AMOUNT_SET,
    /** A lower key amount proposed; another person applies or rejects it. */
    KEY_AMOUNT_DECREASE_PROPOSED,
    KEY_AMOUNT_DECREASE_REJECTED,
    CONSTRUCTION_NODES_REPLACED,
    RELEASE_APPLIED,
    RELEASE_APPROVED,
    RELEASE_REJECTED,
    RELEASE_EXECUTED,
    /** A file attached to a release application (its SHA-256 in the details). */
    RELEASE_ATTACHMENT_UPLOADED,
    /** The first of two approvals a blacklisted developer's release needs (escrow.releases.blacklist-second-approver). */
    RELEASE_FIRST_APPROVED,
    /** The bank reversed the payment of a release (退汇): it is APPROVED again, awaiting payment. */
    RELEASE_PAYMENT_REVERSED,
    /** A supervisor suspended a project's releases by hand, with a reason. */
    RELEASES_SUSPENDED,
    /** Another supervisor lifted a suspension by hand, with a reason. */
    RELEASE_SUSPENSION_LIFTED,
    /** A developer or the bureau proposed a payee of a project; a supervisor other than the proposer decides. */
    PAYEE_PROPOSED,
    PAYEE_APPROVED,
    PAYEE_REJECTED,
    REFUND_PAID,
    /** The bank reversed a refund payment (退汇): the contract's refund is due again. */
    REFUND_REVERSED,
    /** An application to pay part of a buyer's refund from key money (Tongguan §六). */
    REFUND_APPLIED,
    /** Another supervisor approved it: the key amount goes down by that part. */
    REFUND_APPROVED,
    REFUND_REJECTED,
    DEDUCTION_CONSENT_GIVEN,
    DEDUCTION_LINKED_TO_EARLIER_DEBIT,

    // A project's supervised life: agreement, bank confirmation, account changes, completion, the end of supervision
    AGREEMENT_RECORDED,
    ACCOUNT_CONFIRMED,
    ACCOUNT_CHANGE_APPLIED,
    ACCOUNT_CHANGE_APPROVED,
    ACCOUNT_CHANGE_REJECTED,
    COMPLETION_FILED,
    FIRST_REGISTRATION_RECORDED,
    SUPERVISION_END_APPLIED,
    SUPERVISION_ENDED,
    GUARANTEE_RECORDED,
    /** A second person accepted a recorded guarantee: its amount is free money from then on. */
    GUARANTEE_ACCEPTED,
    GUARANTEE_REJECTED,
    GUARANTEE_TOP_UP_ADDED,
    GUARANTEE_EXPIRED,
    GUARANTEE_PAYMENT_RECORDED,
    GUARANTEE_PAYMENT_REVERSED,

    // Oversight: spot checks, rectifications, the blacklist, reports
    SPOT_CHECK_RECORDED,
    RECTIFICATION_ISSUED,
    RECTIFICATION_RESPONDED,
    RECTIFICATION_ACCEPTED,
    RECTIFICATION_REJECTED,
    RECTIFICATION_OVERDUE,
    RECTIFICATION_SWEEP_RUN,
    ENTERPRISE_BLACKLISTED,
    ENTERPRISE_BLACKLIST_LIFTED,
    REPORT_PUBLISHED,
    DASHBOARD_PUBLISHED,
    DASHBOARD_REPUBLISHED,

    // Money in before filing: payment notices, attribution of credits, filing once funded
    PAYMENT_NOTICE_ISSUED,
    PAYMENT_NOTICE_CANCELLED,
    PAYMENT_NOTICE_PAID,
    CREDIT_ATTRIBUTED,
    CONTRACT_FUNDED,

    // Early warning and graded supervision
    RISK_LEVEL_CHANGED,
    ENTERPRISE_GRADE_PROPOSED,
    ENTERPRISE_GRADE_CHANGED,
    ENTERPRISE_GRADE_REJECTED,
    ENTERPRISE_GRADE_LOWERED,

    // People, machine clients and the audit trail itself
    USER_CREATED,
    USER_DIVISIONS_CHANGED,
    USER_DISABLED,
    USER_ENABLED,
    USER_LOCKED,
    USER_UNLOCKED,
    LOGIN_FAILED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    CLIENT_CREATED,
    CLIENT_ENABLED,
    CLIENT_DISABLED,
    CLIENT_SECRET_ROTATED,
    AUDIT_CHAIN_VERIFIED;
}
