package cn.escrow.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The one supervised bank account of a project. Its balance is kept by the bank-push service with
 * an atomic SQL increment and always equals the sum of the account's entries.
 */
@Entity
@Table(name = "supervised_account")
public class SupervisedAccount {

    @Id
    @Column(name = "project_id")
    public Long projectId;

    @Column(name = "bank_code", nullable = false)
    public String bankCode;

    @Column(name = "account_no", nullable = false, unique = true)
    public String accountNo;

    @Column(name = "account_name", nullable = false)
    public String accountName;

    @Column(nullable = false, precision = 14, scale = 2)
    public BigDecimal balance;

    @Column(name = "entry_count", nullable = false)
    public long entryCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
