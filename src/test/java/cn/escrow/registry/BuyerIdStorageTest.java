package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.escrow.platform.db.Sql;
import cn.escrow.platform.crypto.AesGcm;
import cn.escrow.platform.crypto.MasterKey;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buyers' ID numbers at rest (PIPL art. 28): encrypted, masked, matched by a keyed hash; older rows converted at start. */
@QuarkusTest
class BuyerIdStorageTest {

    @Inject
    BuyerIds buyerIds;

    @Inject
    MasterKey key;

    @Inject
    Sql sql;

    private record Row(String clear, String encrypted, String masked, byte[] mac) {
    }

    private Row row(String contractNo) {
        return sql.one("SELECT buyer_id_no, buyer_id_enc, buyer_id_masked, buyer_lookup_mac FROM contract WHERE contract_no = :no",
                r -> new Row(r.getString("buyer_id_no"), r.getString("buyer_id_enc"), r.getString("buyer_id_masked"),
                        r.getBytes("buyer_lookup_mac")), "no", contractNo);
    }

    @Test
    void shouldStoreTheNumberOnlyEncryptedAndMasked() {
        String idNo = Api.residentId();
        long projectId = Api.project("ICBC").projectId();
        String contractNo = "HT" + Api.next();
        Api.supervisor().body(Map.of("projectId", projectId, "contractNo", contractNo, "unitNo", "1-1", "buyerName", "张三",
                        "buyerIdNo", idNo, "totalPrice", "100.00", "downPayment", "100.00", "loanAmount", "0", "loanType", "NONE"))
                .post("/api/v1/contracts").then().statusCode(201);

        Row stored = row(contractNo);
        assertThat(stored.clear()).isNull();
        assertThat(stored.encrypted()).doesNotContain(idNo).doesNotContain(idNo.substring(12));
        assertThat(stored.masked()).isEqualTo(idNo.substring(0, 6) + "********" + idNo.substring(14));
        assertThat(stored.mac()).hasSize(32).isEqualTo(buyerIds.lookupMac(contractNo, idNo.substring(12)));
        assertThat(Db.count("SELECT count(*) FROM contract WHERE concat_ws('|', buyer_id_no, buyer_id_enc, buyer_id_masked, "
                + "encode(buyer_lookup_mac, 'hex')) LIKE ?", "%" + idNo + "%")).isZero();
        assertThat(buyerIds.reveal(contractNo, stored.encrypted())).isEqualTo(idNo);
        // Bound to its contract: copied onto another row, the ciphertext does not decrypt.
        assertThatThrownBy(() -> buyerIds.reveal("HT-OTHER", stored.encrypted())).isInstanceOf(AesGcm.WrongKey.class);
        // The keyed hash binds the contract number: the same last 6 on another contract gives another value.
        assertThat(buyerIds.lookupMac("HT-OTHER", idNo.substring(12))).isNotEqualTo(stored.mac());
    }

    @Test
    void shouldConvertContractsFiledBeforeNumbersWereEncrypted() {
        long projectId = Api.project("ICBC").projectId();
        String legacyNo = "HT-LEGACY-" + Api.next();
        String idNo = Api.residentId();
        Db.update("""
                INSERT INTO contract (project_id, contract_no, unit_no, buyer_name, buyer_id_no, total_price, down_payment, loan_amount,
                                      loan_type, status, created_at)
                VALUES (?, ?, '1-9', '王五', ?, 100.00, 100.00, 0, 'NONE', 'FILED', now())""", projectId, legacyNo, idNo);
        assertThat(row(legacyNo).clear()).isEqualTo(idNo); // as an older version stored it

        new BuyerIdProtection(buyerIds, key, sql); // what every start runs

        Row converted = row(legacyNo);
        assertThat(converted.clear()).isNull();
        assertThat(buyerIds.reveal(legacyNo, converted.encrypted())).isEqualTo(idNo);
        assertThat(converted.masked()).isEqualTo(BuyerIds.mask(idNo));
        Db.update("DELETE FROM buyer_lookup_limit");
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("contractNo", legacyNo, "idNoLast6", idNo.substring(12))).post("/api/v1/buyer-lookups")
                .then().statusCode(200);
        Api.supervisor().get("/api/v1/contracts/" + legacyNo).then().statusCode(200)
                .body("buyerIdNo", org.hamcrest.Matchers.equalTo(BuyerIds.mask(idNo)));
        assertThat(Db.count("SELECT count(*) FROM contract WHERE buyer_id_no IS NOT NULL")).isZero();
    }

    @Test
    void shouldRefuseARowWithNeitherClearNorProtectedNumber() {
        long projectId = Api.project("ICBC").projectId();
        assertThatThrownBy(() -> Db.update("""
                INSERT INTO contract (project_id, contract_no, unit_no, buyer_name, total_price, down_payment, loan_amount,
                                      loan_type, status, created_at)
                VALUES (?, ?, '1-9', '王五', 100.00, 100.00, 0, 'NONE', 'FILED', now())""", projectId, "HT-BAD-" + Api.next()))
                .hasMessageContaining("contract_buyer_id_protected");
        assertThat(List.of(BuyerIds.mask("E1234567"), BuyerIds.mask("110105194912310021")))
                .containsExactly("********", "110105********0021");
    }
}
