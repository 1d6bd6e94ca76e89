package cn.escrow.supervision;

import cn.escrow.payees.PayeeService;
import cn.escrow.payees.PayeeService.PayeeView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * What a release may pay and for what: a spending category from the configured list (banned ones 422), and an
 * approved registered payee of the project (escrow.releases.require-registered-payee; always for an application the
 * bureau files on a creditor's behalf, whose payee must be one of the project's builders or suppliers).
 */
@ApplicationScoped
public class ReleaseTargets {

    private static final Set<PayeeService.Kind> CREDITORS =
            Set.of(PayeeService.Kind.CONSTRUCTION, PayeeService.Kind.MATERIAL, PayeeService.Kind.EQUIPMENT);

    private final PayeeService payees;
    private final EscrowConfig config;

    public ReleaseTargets(PayeeService payees, EscrowConfig config) {
        this.payees = payees;
        this.config = config;
    }

    /** The payee a release pays: the registered one (null when none is required and none matches). */
    public PayeeView check(long projectId, String spendingCategory, String payeeAccountNo, boolean forCreditor) {
        if (config.releases().bannedCategories().contains(spendingCategory)) {
            throw new CategoryBanned(spendingCategory);
        }
        if (!config.releases().spendingCategories().contains(spendingCategory)) {
            throw new ValidationFailed("spendingCategory", "must be one of " + String.join(", ", config.releases().spendingCategories()));
        }
        PayeeView payee = payees.approved(projectId, payeeAccountNo);
        if (payee == null && (forCreditor || config.releases().requireRegisteredPayee())) {
            throw new UnknownReference("Account " + payeeAccountNo + " is not an approved registered payee of project " + projectId);
        }
        if (forCreditor && !CREDITORS.contains(payee.kind())) {
            throw new UnknownReference("The bureau applies on behalf of the project's construction, material and equipment "
                    + "creditors only; payee " + payee.id() + " is " + payee.kind());
        }
        return payee;
    }
}
