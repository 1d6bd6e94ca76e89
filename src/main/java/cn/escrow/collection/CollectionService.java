package cn.escrow.collection;

import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.Contract;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Collection monitoring: per contract what its payment notices ask for, or its down payment while none stands (due), the
 * buyer money that reached the account for it (collected: credits naming it or one of its notices, or attributed to it)
 * and their ratio; per project the same over its contracts not cancelled, and the buyer money nobody has attributed yet.
 * One set-based query.
 */
@ApplicationScoped
public class CollectionService {

    /** A contract's collection. */
    public record ContractCollection(String contractNo, String status, BigDecimal totalPrice, BigDecimal downPayment,
                                     @Schema(description = "What the buyer is asked to pay: its notices not cancelled, or its down payment (the whole price without a loan) while none stands") BigDecimal due,
                                     @Schema(description = "What its ISSUED notices still wait for") BigDecimal outstanding,
                                     @Schema(description = "Buyer money in: credits naming the contract or its notice, or attributed to it")
                                     BigDecimal collected,
                                     @Schema(description = "collected / due in percent, 2 decimals; null while nothing is due") BigDecimal ratioPercent) {
    }

    /** A project's collection, with its contracts. */
    public record ProjectCollection(long projectId, BigDecimal due, BigDecimal outstanding, BigDecimal collected,
                                    @Schema(description = "collected / due in percent, 2 decimals; null while nothing is due") BigDecimal ratioPercent,
                                    @Schema(description = "Buyer money in the queue of unattributed credits (不明入账)") BigDecimal unattributed,
                                    List<ContractCollection> contracts) {
    }

    private static final String COLLECTION = """
            WITH k AS (
                SELECT c.id, c.contract_no, c.status, c.total_price, c.down_payment FROM contract c
                WHERE c.project_id = :p AND (CAST(:contract AS text) IS NULL OR c.contract_no = :contract)),
            noticed AS (
                SELECT n.contract_id, sum(n.amount) FILTER (WHERE n.status <> 'CANCELLED') AS due,
                       sum(greatest(n.amount - n.paid_amount, 0)) FILTER (WHERE n.status = 'ISSUED') AS outstanding
                FROM payment_notice n WHERE n.project_id = :p GROUP BY n.contract_id),
            got AS (
                SELECT b.contract_id, sum(b.amount) AS collected FROM buyer_credit b
                WHERE b.project_id = :p GROUP BY b.contract_id)
            SELECT k.contract_no, k.status, k.total_price, k.down_payment, coalesce(noticed.due, k.down_payment) AS due,
                   coalesce(noticed.outstanding, 0) AS outstanding, coalesce(got.collected, 0) AS collected,
                   (SELECT coalesce(sum(collected), 0) FROM got WHERE got.contract_id IS NULL) AS unattributed
            FROM k LEFT JOIN noticed ON noticed.contract_id = k.id LEFT JOIN got ON got.contract_id = k.id
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT coalesce(sum(collected), 0) FROM got WHERE got.contract_id IS NULL)
            ORDER BY 1 NULLS LAST""";

    private final Sql sql;
    private final RegistryService registry;

    public CollectionService(Sql sql, RegistryService registry) {
        this.sql = sql;
        this.registry = registry;
    }

    public ProjectCollection ofProject(Caller caller, long projectId) {
        registry.project(caller, projectId);
        List<Line> lines = lines(projectId, null);
        List<ContractCollection> contracts = lines.stream().map(Line::contract).filter(c -> c != null).toList();
        List<ContractCollection> open = contracts.stream().filter(c -> !Contract.Status.CANCELLED.name().equals(c.status())).toList();
        BigDecimal due = open.stream().map(ContractCollection::due).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal outstanding = open.stream().map(ContractCollection::outstanding).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal collected = open.stream().map(ContractCollection::collected).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new ProjectCollection(projectId, due, outstanding, collected, ratio(collected, due), lines.get(0).unattributed(), contracts);
    }

    public ContractCollection ofContract(Caller caller, String contractNo) {
        Contract c = registry.contract(caller, contractNo);
        return lines(c.projectId, contractNo).get(0).contract();
    }

    private record Line(ContractCollection contract, BigDecimal unattributed) {
    }

    private List<Line> lines(long projectId, String contractNo) {
        return sql.list(COLLECTION, CollectionService::line, "p", projectId, "contract", contractNo);
    }

    private static Line line(Row r) throws SQLException {
        String no = r.getString("contract_no");
        ContractCollection c = no == null ? null : new ContractCollection(no, r.getString("status"), r.getMoney("total_price"),
                r.getMoney("down_payment"), r.getMoney("due"), r.getMoney("outstanding"), r.getMoney("collected"),
                ratio(r.getMoney("collected"), r.getMoney("due")));
        return new Line(c, r.getMoney("unattributed"));
    }

    static BigDecimal ratio(BigDecimal collected, BigDecimal due) {
        return due.signum() == 0 ? null : collected.multiply(BigDecimal.valueOf(100)).divide(due, 2, RoundingMode.HALF_UP);
    }
}
