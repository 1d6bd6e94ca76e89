package cn.escrow.supervision;

import cn.escrow.platform.validation.RequiredBody;
import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Name;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The city's construction nodes: how much of the key amount may be released in all once a node
 * is reached, and what must stay in the account. Data, not code: the ADMIN replaces the table.
 */
@Path("/api/v1/construction-nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class NodeResource {

    private final EntityManager em;
    private final Callers callers;
    private final AuditLog audit;

    public NodeResource(EntityManager em, Callers callers, AuditLog audit) {
        this.em = em;
        this.callers = callers;
        this.audit = audit;
    }

    public record Node(@NotNull @Pattern(regexp = "^[A-Z0-9_]{1,32}$", message = "must be 1-32 of A-Z 0-9 _") String code,
                       @NotNull @Name String name,
                       @NotNull @Positive(message = "must be positive") Integer seq,
                       @NotNull @DecimalMin(value = "0", message = "must be 0-100")
                       @DecimalMax(value = "100", message = "must be 0-100") @Digits(integer = 3, fraction = 2, message = "at most 2 decimals")
                       @Schema(type = SchemaType.STRING, example = "70.00", description = "Cumulative share of the key amount releasable")
                       BigDecimal capPercent,
                       @NotNull @DecimalMin(value = "0", message = "must be 0-100")
                       @DecimalMax(value = "100", message = "must be 0-100") @Digits(integer = 3, fraction = 2, message = "at most 2 decimals")
                       @Schema(type = SchemaType.STRING, example = "5.00", description = "Share of the key amount that must stay in the account")
                       BigDecimal minRetainedPercent) {
    }

    public record NodeTable(@NotEmpty(message = "must list at least one node") @Size(max = 50, message = "at most 50 nodes")
                            List<@NotNull(message = "must not be null") @Valid Node> nodes) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listConstructionNodes", summary = "List the construction nodes", description = "Any staff role. In order; capPercent is cumulative.")
    @APIResponse(responseCode = "200", description = "The node table", content = @Content(schema = @Schema(implementation = Node[].class)))
    @SuppressWarnings("unchecked")
    public List<Node> list() {
        List<Object[]> rows = em.createNativeQuery(
                "SELECT code, name, seq, cap_percent, min_retained_percent FROM construction_node ORDER BY seq").getResultList();
        return rows.stream().map(r -> new Node((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (BigDecimal) r[3],
                (BigDecimal) r[4])).toList();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(operationId = "replaceConstructionNodes", summary = "Replace the construction node table", description = "Role: ADMIN. Codes and seq unique, capPercent "
            + "non-decreasing along seq. A node named by a release application cannot be removed (409).")
    @APIResponse(responseCode = "200", description = "The new table", content = @Content(schema = @Schema(implementation = Node[].class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: a removed node is used by a release")
    public List<Node> replace(@Valid @RequiredBody NodeTable request) {
        List<Node> nodes = request.nodes().stream().sorted(java.util.Comparator.comparing(Node::seq)).toList();
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
        em.createNativeQuery("LOCK TABLE construction_node IN EXCLUSIVE MODE").executeUpdate();
        List<?> used = em.createNativeQuery("SELECT DISTINCT node_code FROM release_application WHERE NOT (node_code = ANY(CAST(:codes AS varchar[])))")
                .setParameter("codes", codes.toArray(new String[0])).getResultList();
        if (!used.isEmpty()) {
            throw new Conflict("Nodes still used by release applications cannot be removed: " + used);
        }
        // Move the kept ones out of the way of the unique seq, then write the table.
        em.createNativeQuery("UPDATE construction_node SET seq = seq + 1000000").executeUpdate();
        em.createNativeQuery("DELETE FROM construction_node WHERE NOT (code = ANY(CAST(:codes AS varchar[])))")
                .setParameter("codes", codes.toArray(new String[0])).executeUpdate();
        for (Node n : nodes) {
            em.createNativeQuery("""
                    INSERT INTO construction_node (code, name, seq, cap_percent, min_retained_percent)
                    VALUES (:code, :name, :seq, :cap, :retained)
                    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, seq = EXCLUDED.seq, cap_percent = EXCLUDED.cap_percent,
                        min_retained_percent = EXCLUDED.min_retained_percent""")
                    .setParameter("code", n.code()).setParameter("name", n.name()).setParameter("seq", n.seq())
                    .setParameter("cap", n.capPercent()).setParameter("retained", n.minRetainedPercent()).executeUpdate();
        }
        audit.record(callers.person().actor(), AuditAction.CONSTRUCTION_NODES_REPLACED, "construction-nodes", null,
                details("nodes", nodes.stream().map(n -> n.code() + "=" + n.capPercent().toPlainString() + "%").toList()));
        return list();
    }
}
