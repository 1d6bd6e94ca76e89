package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registered payees (four eyes), releases only to approved ones with a spending category from the list, and the
 * bureau's applications on a creditor's behalf (another supervisor decides).
 */
@QuarkusTest
class PayeeTest {

    @Test
    void shouldPayOnlyApprovedRegisteredPayeesForAllowedCategories() {
        ReleaseFixture f = new ReleaseFixture();
        f.keyAmount("1000000.00");
        f.money("CREDIT", "2000000.00", "DOWN_PAYMENT", "");
        String payees = "/api/v1/projects/" + f.projectId() + "/payees";

        // The developer proposes; a supervisor other than the proposer decides.
        long supplier = Api.as(f.enterpriseUser).body(payee("53009999000011", "MATERIAL")).post(payees).then().statusCode(201)
                .body("status", equalTo("PROPOSED")).extract().jsonPath().getLong("id");
        Api.as(f.enterpriseUser).body(Map.of("reason", "自己批准")).post("/api/v1/payees/" + supplier + "/approval").then().statusCode(403);
        Api.as(f.enterpriseUser).body(payee("53009999000011", "MATERIAL")).post(payees).then().statusCode(409);
        assertThat(apply(f.enterpriseUser, f, "53009999000011", "MATERIALS").statusCode()).isEqualTo(422); // not approved yet
        Api.supervisor().body(Map.of("reason", "核对无误")).post("/api/v1/payees/" + supplier + "/approval").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        apply(f.enterpriseUser, f, "53009999000011", "MATERIALS").then().statusCode(201)
                .body("payeeId", equalTo((int) supplier)).body("spendingCategory", equalTo("MATERIALS"))
                .body("forCreditor", equalTo(false));

        String clerk = Api.user("SUPERVISOR", null);
        long designer = Api.as(clerk).body(payee("53009999000022", "DESIGN")).post(payees).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Api.as(clerk).body(Map.of("reason", "同意")).post("/api/v1/payees/" + designer + "/approval").then().statusCode(403);
        Api.supervisor().body(Map.of("reason", "设计合同不符")).post("/api/v1/payees/" + designer + "/rejection").then()
                .statusCode(200).body("status", equalTo("REJECTED"));
        Api.supervisor().body(Map.of("reason", "again")).post("/api/v1/payees/" + designer + "/approval").then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action IN ('PAYEE_PROPOSED', 'PAYEE_APPROVED', 'PAYEE_REJECTED')"
                + " AND project_id = ?", f.projectId())).isEqualTo(6); // the fixture's builder, the supplier, the designer

        // Unregistered account, banned category, unknown category.
        apply(f.enterpriseUser, f, "53000000000000", "CONSTRUCTION_PROGRESS").then().statusCode(422)
                .body("type", equalTo("/problems/unknown-reference"));
        apply(f.enterpriseUser, f, Api.PAYEE_ACCOUNT, "LOAN_INTEREST").then().statusCode(422)
                .body("type", equalTo("/problems/category-banned"));
        apply(f.enterpriseUser, f, Api.PAYEE_ACCOUNT, "YACHT").then().statusCode(400)
                .body("violations.field", hasItem("spendingCategory"));

        // The bureau on a creditor's behalf: only a registered builder or supplier; the filer never decides.
        String filed = apply(clerk, f, Api.PAYEE_ACCOUNT, "CONSTRUCTION_PROGRESS").then().statusCode(201)
                .body("forCreditor", equalTo(true)).body("appliedBy", equalTo(clerk)).extract().jsonPath().getString("releaseNo");
        Api.as(clerk).body(Map.of("reason", "同意")).post("/api/v1/releases/" + filed + "/approval").then().statusCode(403);
        f.approve(filed).then().statusCode(200).body("status", equalTo("APPROVED"));
        Api.supervisor().body(Map.of("reason", "同意")).post("/api/v1/releases/" + filed + "/approval").then().statusCode(409);
        apply(clerk, f, "53009999000022", "DESIGN_SUPERVISION").then().statusCode(422); // rejected payee

        // Parties only.
        Api.as(Api.user("ENTERPRISE", Api.enterprise())).get(payees).then().statusCode(404);
        Api.as(f.enterpriseUser).get(payees).then().statusCode(200).body("size()", equalTo(3))
                .body("[0].status", equalTo("APPROVED"));
        Api.as(Api.user("AUDITOR", null)).body(payee("53009999000033", "OTHER")).post(payees).then().statusCode(403);
    }

    static Map<String, Object> payee(String accountNo, String kind) {
        return Map.of("name", "昆明钢材供应有限公司", "accountNo", accountNo, "bankName", "中国工商银行昆明分行", "kind", kind);
    }

    static Response apply(String user, ReleaseFixture f, String accountNo, String category) {
        return Api.as(user).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "10000.00", "payeeName", "收款人",
                "payeeAccountNo", accountNo, "spendingCategory", category, "purpose", "进度款"))
                .post("/api/v1/projects/" + f.projectId() + "/releases");
    }
}
