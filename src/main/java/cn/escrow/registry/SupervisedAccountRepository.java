package cn.escrow.registry;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Supervised accounts, keyed by their project's id: loads and saves. */
@ApplicationScoped
public class SupervisedAccountRepository implements PanacheRepository<SupervisedAccount> {
}
