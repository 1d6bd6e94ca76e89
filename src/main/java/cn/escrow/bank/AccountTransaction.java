package cn.escrow.bank;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One movement on a supervised account as the bank pushed it, with the balance after it. Written by {@link BankPushService}. */
@Entity
@Table(name = "account_transaction")
public class AccountTransaction {

    @Id
    public Long id;

    @Column(name = "bank_code")
    public String bankCode;

    @Column(name = "serial_no")
    public String serialNo;

    @Column(name = "project_id")
    public Long projectId;

    public String direction;

    @Column(precision = 14, scale = 2)
    public BigDecimal amount;

    public String purpose;

    @Column(name = "booked_at")
    public Instant bookedAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "contract_no")
    public String contractNo;

    @Column(name = "disbursement_serial_no")
    public String disbursementSerialNo;

    @Column(name = "counterparty_name")
    public String counterpartyName;

    @Column(name = "counterparty_account_no")
    public String counterpartyAccountNo;

    @Column(name = "reverses_serial_no")
    public String reversesSerialNo;

    @Column(name = "balance_after", precision = 14, scale = 2)
    public BigDecimal balanceAfter;

    @Column(name = "matched_disbursement_id")
    public Long matchedDisbursementId;

    @Column(name = "content_hash", columnDefinition = "bpchar(64)")
    public String contentHash;
}
