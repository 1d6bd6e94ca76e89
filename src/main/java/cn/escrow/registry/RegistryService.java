package cn.escrow.registry;

import cn.escrow.audit.AuditAction;
import cn.escrow.collection.DownPaymentRule;
import cn.escrow.audit.AuditLog;
import static cn.escrow.audit.AuditLog.details;
import cn.escrow.loans.LoanNoticeService;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.signing.SigningDisabled;
import cn.escrow.signing.SigningStatusService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes and object-level reads of the registry: enterprises, projects, their supervised accounts
 * and buyers' contracts. Each write is audited in its own transaction; unique keys are checked
 * first for a clear message and enforced by the database for races.
 */
@ApplicationScoped
public class RegistryService {

    /** The fixed tail of every supervised account name. */
    public static final String ACCOUNT_NAME_SUFFIX = "预售资金监管专户";

    private final EnterpriseRepository enterprises;
    private final ProjectRepository projects;
    private final SupervisedAccountRepository accounts;
    private final ContractRepository contracts;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final SigningStatusService signing;
    private final LoanNoticeService loanNotices;

    private final BuyerIds buyerIds;
    private final EscrowConfig config;
    private final DownPaymentRule downPaymentRule;

    public RegistryService(EnterpriseRepository enterprises, ProjectRepository projects, SupervisedAccountRepository accounts,
                           ContractRepository contracts, AuditLog audit, EscrowClock clock, SigningStatusService signing,
                           LoanNoticeService loanNotices, BuyerIds buyerIds, EscrowConfig config, DownPaymentRule downPaymentRule) {
        this.downPaymentRule = downPaymentRule;
        this.buyerIds = buyerIds;
        this.config = config;
        this.enterprises = enterprises;
        this.projects = projects;
        this.accounts = accounts;
        this.contracts = contracts;
        this.audit = audit;
        this.clock = clock;
        this.signing = signing;
        this.loanNotices = loanNotices;
    }

    @Transactional
    public Enterprise createEnterprise(Caller caller, String name, String creditCode) {
        if (enterprises.count("creditCode", creditCode) > 0) {
            throw new Conflict("An enterprise with credit code " + creditCode + " already exists");
        }
        Enterprise e = new Enterprise();
        e.name = name;
        e.creditCode = creditCode;
        e.grade = "B"; // the schema's default, B (standard): grades change only through cn.escrow.grading
        e.createdAt = clock.now();
        enterprises.persistAndFlush(e);
        audit.record(caller.actor(), AuditAction.ENTERPRISE_CREATED, "enterprise:" + e.id, null,
                details("name", name, "creditCode", creditCode));
        return e;
    }

    @Transactional
    public Project createProject(Caller caller, long enterpriseId, String name, String presalePermitNo, String address,
                                 String divisionCode) {
        String division = divisionCode != null ? divisionCode : defaultDivision(caller);
        if (!division.matches(DivisionScope.COUNTY_PATTERN)) {
            throw new ValidationFailed("divisionCode", "must be a county-level division (not ending 00)");
        }
        if (!caller.divisions().covers(division)) {
            throw new Forbidden("The project's division " + division + " is outside your divisions");
        }
        Enterprise enterprise = enterprises.findById(enterpriseId);
        if (enterprise == null) {
            throw new UnknownReference("Enterprise " + enterpriseId + " does not exist");
        }
        // A blacklisted developer's new project is registered all the same: its presale money must be supervised.
        if (projects.count("presalePermitNo", presalePermitNo) > 0) {
            throw new Conflict("A project with presale permit " + presalePermitNo + " already exists");
        }
        Project p = new Project();
        p.enterpriseId = enterpriseId;
        p.name = name;
        p.presalePermitNo = presalePermitNo;
        p.address = address;
        p.divisionCode = division;
        p.signingEnabled = true;
        p.signingChangedAt = clock.now();
        p.createdAt = p.signingChangedAt;
        projects.persistAndFlush(p);
        audit.record(caller.actor(), AuditAction.PROJECT_CREATED, "project:" + p.id, p.id,
                details("enterpriseId", enterpriseId, "name", name, "presalePermitNo", presalePermitNo, "divisionCode", division));
        return p;
    }

    @Transactional
    public SupervisedAccount openAccount(Caller caller, long projectId, String bankCode, String accountNo, String accountName) {
        Project project = projects.findById(projectId, LockModeType.PESSIMISTIC_WRITE);
        if (project == null) {
            throw new NotFound("Project " + projectId);
        }
        Enterprise enterprise = enterprises.findById(project.enterpriseId);
        String expected = enterprise.name + project.name + ACCOUNT_NAME_SUFFIX;
        if (!expected.equals(accountName)) {
            throw new AccountNameNonstandard(expected);
        }
        if (accounts.findById(projectId) != null) {
            throw new Conflict("Project " + projectId + " already has its supervised account");
        }
        if (accounts.count("accountNo", accountNo) > 0) {
            throw new Conflict("Account number " + accountNo + " is already registered");
        }
        SupervisedAccount a = new SupervisedAccount();
        a.projectId = projectId;
        a.bankCode = bankCode;
        a.accountNo = accountNo;
        a.accountName = accountName;
        a.balance = BigDecimal.ZERO.setScale(2);
        a.createdAt = clock.now();
        accounts.persistAndFlush(a);
        audit.record(caller.actor(), AuditAction.ACCOUNT_OPENED, "account:" + accountNo, projectId,
                details("bankCode", bankCode, "accountNo", accountNo, "accountName", accountName));
        return a;
    }

    /** The fields of a new contract, checked at the edge. */
    public record NewContract(long projectId, String contractNo, String unitNo, String buyerName, String buyerIdNo,
                              BigDecimal totalPrice, BigDecimal downPayment, BigDecimal loanAmount,
                              Contract.LoanType loanType) {
    }

    @Transactional
    public Contract fileContract(Caller caller, NewContract c) {
        if (c.downPayment().add(c.loanAmount()).compareTo(c.totalPrice()) != 0) {
            throw new ValidationFailed("totalPrice", "must equal downPayment + loanAmount");
        }
        boolean noLoan = c.loanAmount().signum() == 0;
        if (noLoan != (c.loanType() == Contract.LoanType.NONE)) {
            throw new ValidationFailed("loanType", "must be NONE exactly when loanAmount is 0");
        }
        // FOR SHARE: a sweep disabling signing of this project waits for us, and we for it.
        Project project = projects.findById(c.projectId(), LockModeType.PESSIMISTIC_READ);
        if (project == null || !caller.divisions().covers(project.divisionCode)) {
            throw new UnknownReference("Project " + c.projectId() + " does not exist");
        }
        if (!project.signingEnabled) {
            throw new SigningDisabled(signing.reasons(project.id));
        }
        if (contracts.count("contractNo", c.contractNo()) > 0) {
            throw new Conflict("Contract " + c.contractNo() + " already exists");
        }
        Contract k = new Contract();
        k.projectId = c.projectId();
        k.contractNo = c.contractNo();
        k.unitNo = c.unitNo();
        k.buyerName = c.buyerName();
        BuyerIds.Protected buyerId = buyerIds.protect(c.contractNo(), c.buyerIdNo());
        k.buyerIdEnc = buyerId.encrypted();
        k.buyerIdMasked = buyerId.masked();
        k.buyerLookupMac = buyerId.lookupMac();
        k.totalPrice = c.totalPrice();
        k.downPayment = c.downPayment();
        k.loanAmount = c.loanAmount();
        k.loanType = c.loanType();
        // Kunming 2020: with the rule on, a contract with a down payment waits for it before it is filed.
        k.status = downPaymentRule.required() && c.downPayment().signum() > 0 ? Contract.Status.PENDING_FUNDS : Contract.Status.FILED;
        k.createdAt = clock.now();
        contracts.persistAndFlush(k);
        audit.record(caller.actor(), AuditAction.CONTRACT_FILED, "contract:" + k.contractNo, k.projectId,
                details("unitNo", k.unitNo, "buyerIdNo", k.buyerIdMasked, "totalPrice", k.totalPrice.toPlainString(),
                        "loanAmount", k.loanAmount.toPlainString(), "loanType", k.loanType.name(), "status", k.status.name()));
        return k;
    }

    /**
     * The bureau's cancellation record of a contract: it becomes CANCELLED and the buyer is owed
     * {@code refundAmount} (at most what the account received for it), which REFUND debits naming it then settle. Its loan
     * notices with no money matched to them are withdrawn at once (an overdue one may give signing back).
     */
    @Transactional
    public Contract cancelContract(Caller caller, String contractNo, String reason, BigDecimal refundAmount) {
        loanNotices.lockAccountOfContract(contractNo); // the first lock, as in every push: no deadlock with a notice's push
        Contract c = contracts.lockByNumber(contractNo)
                .orElseThrow(() -> new NotFound("Contract " + contractNo));
        if (c.status == Contract.Status.CANCELLED) {
            throw new Conflict("Contract " + contractNo + " is already cancelled");
        }
        if (refundAmount.compareTo(c.totalPrice) > 0) {
            throw new ValidationFailed("refundAmount", "must not exceed the contract's totalPrice " + c.totalPrice.toPlainString());
        }
        BigDecimal received = contracts.received(c); // the buyer gets back what was paid in, not the price
        if (refundAmount.compareTo(received) > 0) {
            throw new ValidationFailed("refundAmount", "must not exceed what the supervised account received for the contract, "
                    + received.toPlainString());
        }
        c.status = Contract.Status.CANCELLED;
        c.refundDue = refundAmount.setScale(2);
        c.cancelledAt = clock.now();
        c.cancelledBy = caller.actor();
        c.cancelReason = reason;
        contracts.flush();
        List<String> withdrawn = loanNotices.withdrawForContract(c.id, c.projectId, caller.actor(), reason);
        audit.record(caller.actor(), AuditAction.CONTRACT_CANCELLED, "contract:" + contractNo, c.projectId,
                details("reason", reason, "refundDue", c.refundDue.toPlainString(), "loanNoticesWithdrawn", withdrawn));
        return c;
    }

    // ---- reads, with object-level checks for ENTERPRISE users ----
    // Another enterprise's object is answered exactly like one that does not exist (404, same body), so that
    // an enterprise user learns neither its content nor its existence.

    public Enterprise enterprise(Caller caller, long id) {
        Enterprise e = enterprises.findById(id);
        if (e == null || !sees(caller, e.id)) {
            throw new NotFound("Enterprise " + id);
        }
        return e;
    }

    public Project project(Caller caller, long id) {
        Project p = projects.findById(id);
        if (p == null || !caller.sees(p.enterpriseId, p.divisionCode)) {
            throw new NotFound("Project " + id);
        }
        return p;
    }

    public SupervisedAccount account(Caller caller, long projectId) {
        project(caller, projectId);
        SupervisedAccount a = accounts.findById(projectId);
        if (a == null) {
            throw new NotFound("Supervised account of project " + projectId);
        }
        return a;
    }

    public Contract contract(Caller caller, String contractNo) {
        Contract c = contracts.byNumber(contractNo)
                .orElseThrow(() -> new NotFound("Contract " + contractNo));
        Project p = projects.findById(c.projectId);
        if (!caller.sees(p.enterpriseId, p.divisionCode)) {
            throw new NotFound("Contract " + contractNo);
        }
        return c;
    }

    /**
     * For objects reached through their project (a release, a notice): {@code missing} (the object's own
     * not-found) when the caller may not see the project, so the answer is that of an unknown object.
     */
    public void requireVisible(Caller caller, long projectId, Supplier<NotFound> missing) {
        Project p = projects.findById(projectId);
        if (p == null || !caller.sees(p.enterpriseId, p.divisionCode)) {
            throw missing.get();
        }
    }

    /** The caller's one county when they are limited to exactly one, else the configured default. */
    private String defaultDivision(Caller caller) {
        List<String> codes = caller.divisions().codes();
        return codes.size() == 1 && codes.get(0).matches(DivisionScope.COUNTY_PATTERN) ? codes.get(0) : config.divisions().defaultCode();
    }

    /** ENTERPRISE users see only their own enterprise's objects; everybody else with a reading role sees all. */
    public static boolean sees(Caller caller, long enterpriseId) {
        return !caller.isEnterpriseOnly() || Long.valueOf(enterpriseId).equals(caller.enterpriseId());
    }
}
