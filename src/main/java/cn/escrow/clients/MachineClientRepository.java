package cn.escrow.clients;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Loads and saves machine clients (keyed by their client id). */
@ApplicationScoped
public class MachineClientRepository implements PanacheRepositoryBase<MachineClient, String> {

    /** How many clients of another kind than {@code kind} hold this institution code. */
    public long countWithCodeOfOtherKind(String bankCode, MachineClient.Kind kind) {
        return count("bankCode = ?1 AND kind <> ?2", bankCode, kind);
    }
}
