package cn.escrow.registry;

import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

/** Pages of the registry for its list endpoints, ordered by id; ENTERPRISE users see only their own enterprise's, people limited to divisions only theirs. */
@ApplicationScoped
public class RegistryLists {

    private final EnterpriseRepository enterprises;
    private final ProjectRepository projects;
    private final ContractRepository contracts;

    public RegistryLists(EnterpriseRepository enterprises, ProjectRepository projects, ContractRepository contracts) {
        this.enterprises = enterprises;
        this.projects = projects;
        this.contracts = contracts;
    }

    /** Enterprises whose name contains {@code name} (taken literally), with this credit code, blacklisted or not. */
    public Filter.Page<Enterprise> enterprises(Caller caller, String name, String creditCode, Boolean blacklisted, PageRequest paging) {
        return Filter.where()
                .and("name LIKE :name", "name", name == null ? null : "%" + name.replace("%", "\\%").replace("_", "\\_") + "%")
                .and("creditCode = :code", "code", creditCode)
                .and("blacklisted = :black", "black", blacklisted)
                .and("id = :own", "own", own(caller))
                .page(enterprises, Sort.by("id"), paging);
    }

    /** Projects of an enterprise, with signing enabled or not. */
    public Filter.Page<Project> projects(Caller caller, Long enterpriseId, Boolean signingEnabled, PageRequest paging) {
        return Filter.where()
                .and("enterpriseId = :ent", "ent", enterpriseId)
                .and("signingEnabled = :signing", "signing", signingEnabled)
                .and("enterpriseId = :own", "own", own(caller))
                .andLikeAny("%s", "divisionCode", caller.divisions().likePatterns())
                .page(projects, Sort.by("id"), paging);
    }

    /** Contracts of a project, in a status. */
    public Filter.Page<Contract> contracts(Caller caller, Long projectId, Contract.Status status, PageRequest paging) {
        return Filter.where()
                .and("projectId = :project", "project", projectId)
                .and("status = :status", "status", status)
                .and("projectId IN (SELECT p.id FROM Project p WHERE p.enterpriseId = :own)", "own", own(caller))
                .andLikeAny("projectId IN (SELECT p.id FROM Project p WHERE %s)", "p.divisionCode", caller.divisions().likePatterns())
                .page(contracts, Sort.by("id"), paging);
    }

    /** The enterprise an ENTERPRISE user is limited to; null for everybody else. */
    private static Long own(Caller caller) {
        return caller.isEnterpriseOnly() ? caller.enterpriseId() : null;
    }
}
