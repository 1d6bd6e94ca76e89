package cn.escrow.registry;

import cn.escrow.clients.StoredSecretsCheck;
import cn.escrow.platform.crypto.AesGcm;
import cn.escrow.platform.crypto.MasterKey;
import cn.escrow.platform.db.Sql;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * At start: the oldest and newest encrypted buyer ID numbers must decrypt with the configured key (else
 * the start is refused, as for client secrets), and contracts filed before ID numbers were encrypted
 * are converted, a batch per transaction: encrypted, masked, keyed hash, clear column emptied.
 */
@Startup(StoredSecretsCheck.PRIORITY + 10)
@ApplicationScoped
public class BuyerIdProtection {

    static final int BATCH = 500;

    private record Clear(long id, String contractNo, String idNo) {
    }

    public BuyerIdProtection(BuyerIds buyerIds, MasterKey key, Sql sql) {
        List<String> unreadable = new ArrayList<>();
        sql.list("""
                SELECT contract_no, buyer_id_enc FROM contract
                WHERE id IN (SELECT min(id) FROM contract WHERE buyer_id_enc IS NOT NULL
                             UNION SELECT max(id) FROM contract WHERE buyer_id_enc IS NOT NULL)""", r -> {
            try {
                buyerIds.reveal(r.getString("contract_no"), r.getString("buyer_id_enc"));
            } catch (AesGcm.WrongKey e) {
                unreadable.add("the buyer ID number of contract " + r.getString("contract_no"));
            }
            return null;
        });
        if (!unreadable.isEmpty()) {
            throw key.cannotDecrypt(unreadable);
        }
        long converted = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> convertBatch(buyerIds, sql));
            converted += n;
        } while (n == BATCH);
        if (converted > 0) {
            Log.infof("Encrypted the buyer ID numbers of %d contracts filed before they were stored encrypted", converted);
        }
    }

    private static int convertBatch(BuyerIds buyerIds, Sql sql) {
        List<Clear> rows = sql.list("SELECT id, contract_no, buyer_id_no FROM contract WHERE buyer_id_no IS NOT NULL ORDER BY id LIMIT :batch",
                r -> new Clear(r.getLong("id"), r.getString("contract_no"), r.getString("buyer_id_no")), "batch", BATCH);
        List<Long> ids = new ArrayList<>();
        List<String> encrypted = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (Clear row : rows) {
            BuyerIds.Protected p = buyerIds.protect(row.contractNo(), row.idNo());
            ids.add(row.id());
            encrypted.add(p.encrypted());
            masked.add(p.masked());
            macs.add(HexFormat.of().formatHex(p.lookupMac()));
        }
        if (rows.isEmpty()) {
            return 0;
        }
        sql.update("""
                UPDATE contract c SET buyer_id_no = NULL, buyer_id_enc = u.enc, buyer_id_masked = u.masked,
                    buyer_lookup_mac = decode(u.mac, 'hex')
                FROM unnest(:ids::bigint[], :encrypted::text[], :masked::text[], :macs::text[]) AS u(id, enc, masked, mac)
                WHERE c.id = u.id AND c.buyer_id_no IS NOT NULL""", "ids", ids, "encrypted", encrypted, "masked", masked, "macs", macs);
        return rows.size(); // another instance starting at the same time may have converted some: the guard skips them
    }
}
