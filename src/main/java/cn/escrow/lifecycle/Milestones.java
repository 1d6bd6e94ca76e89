package cn.escrow.lifecycle;

import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a project may still take a release at a node: the last nodes wait for their milestone (completion filing,
 * first registration), and nothing is released once supervision has ended. Read by the release approval.
 */
@ApplicationScoped
public class Milestones {

    private final Sql sql;

    public Milestones(Sql sql) {
        this.sql = sql;
    }

    /** Why a release at {@code nodeCode} cannot be approved for the project now, or null when it can. */
    public String whyNot(long projectId, String nodeCode) {
        return sql.one("""
                SELECT CASE
                    WHEN l.state = 'ENDED' THEN 'Supervision of the project has ended'
                    WHEN n.requires_milestone = 'COMPLETION_FILING' AND l.completion_certificate_no IS NULL
                         THEN 'Node ' || n.code || ' opens with the completion filing, which is not recorded'
                    WHEN n.requires_milestone = 'FIRST_REGISTRATION' AND l.registration_certificate_no IS NULL
                         THEN 'Node ' || n.code || ' opens with the first registration, which is not recorded'
                    END AS why
                FROM construction_node n LEFT JOIN project_lifecycle l ON l.project_id = :p
                WHERE n.code = :node""", r -> r.getString("why"), "p", projectId, "node", nodeCode);
    }
}
