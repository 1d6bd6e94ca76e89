package cn.escrow.registry;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Enterprises (developers): loads and saves; lists go through {@link cn.escrow.platform.db.Filter}. */
@ApplicationScoped
public class EnterpriseRepository implements PanacheRepository<Enterprise> {
}
