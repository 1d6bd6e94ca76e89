package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.supervision.NodeResource.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The construction node table: read in order, replaced as a whole by an administrator under a table lock. */
@ApplicationScoped
public class NodeService {

    private final Sql sql;
    private final AuditLog audit;

    public NodeService(Sql sql, AuditLog audit) {
        this.sql = sql;
        this.audit = audit;
    }

    public List<Node> list() {
        return sql.list("SELECT code, name, seq, cap_percent, min_retained_percent FROM construction_node ORDER BY seq",
                r -> new Node(r.getString("code"), r.getString("name"), r.getInt("seq"), r.getBigDecimal("cap_percent"),
                        r.getBigDecimal("min_retained_percent")));
    }

    /** Replaces the table: codes and seq unique, caps non-decreasing along seq, no node a release names removed. */
    @Transactional
    public List<Node> replace(Caller caller, List<Node> requested) {
        List<Node> nodes = requested.stream().sorted(Comparator.comparing(Node::seq)).toList();
        Set<String> codes = new HashSet<>();
        Set<Integer> seqs = new HashSet<>();
        BigDecimal previousCap = BigDecimal.ZERO;
        for (Node n : nodes) {
            if (!codes.add(n.code()) || !seqs.add(n.seq())) {
                throw new ValidationFailed("nodes", "codes and seq must be unique");
            }
            if (n.capPercent().compareTo(previousCap) < 0) {
                throw new ValidationFailed("nodes", "capPercent must not decrease along seq");
            }
            previousCap = n.capPercent();
        }
        sql.update("LOCK TABLE construction_node IN EXCLUSIVE MODE");
        List<String> used = sql.list("SELECT DISTINCT node_code FROM release_application WHERE NOT (node_code = ANY(:codes))",
                r -> r.getString("node_code"), "codes", List.copyOf(codes));
        if (!used.isEmpty()) {
            throw new Conflict("Nodes still used by release applications cannot be removed: " + used);
        }
        // Move the kept ones out of the way of the unique seq, then write the table.
        sql.update("UPDATE construction_node SET seq = seq + 1000000");
        sql.update("DELETE FROM construction_node WHERE NOT (code = ANY(:codes))", "codes", List.copyOf(codes));
        for (Node n : nodes) {
            sql.update("""
                    INSERT INTO construction_node (code, name, seq, cap_percent, min_retained_percent)
                    VALUES (:code, :name, :seq, :cap, :retained)
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, seq = EXCLUDED.seq, cap_percent = EXCLUDED.cap_percent,
                        min_retained_percent = EXCLUDED.min_retained_percent""",
                    "code", n.code(), "name", n.name(), "seq", n.seq(), "cap", n.capPercent(), "retained", n.minRetainedPercent());
        }
        audit.record(caller.actor(), AuditAction.CONSTRUCTION_NODES_REPLACED, "construction-nodes", null,
                details("nodes", nodes.stream().map(n -> n.code() + "=" + n.capPercent().toPlainString() + "%").toList()));
        return list();
    }
}
