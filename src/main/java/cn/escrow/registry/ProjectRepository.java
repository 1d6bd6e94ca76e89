package cn.escrow.registry;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Presale projects: loads (locked where a write depends on them) and saves. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepository<Project> {
}
