package cn.escrow.buyers;

import static io.restassured.RestAssured.given;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** A project with a bank, and a buyer's contract whose ID number ends in X. */
final class BuyerFixture {

    final Api.Fixture fx;
    final SignedClient bank;
    final String contractNo;
    final String idNo;
    final String unitNo;

    BuyerFixture() {
        String bankCode = "B" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        idNo = residentIdEndingInX();
        unitNo = "3-" + Api.next();
        contractNo = contract(idNo, unitNo, "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
    }

    String contract(String buyerIdNo, String unit, String total, String down, String loan, String loanType) {
        String no = "HT" + Api.next();
        Api.supervisor().body(Map.of("projectId", fx.projectId(), "contractNo", no, "unitNo", unit, "buyerName", "李四",
                        "buyerIdNo", buyerIdNo, "totalPrice", total, "downPayment", down, "loanAmount", loan, "loanType", loanType))
                .post("/api/v1/contracts").then().statusCode(201);
        return no;
    }

    static String residentIdEndingInX() {
        while (true) {
            String id = Api.residentId();
            if (id.endsWith("X")) {
                return id;
            }
        }
    }

    /** Pushes an account transaction and returns its serial. */
    String transaction(String direction, String amount, String purpose, String extra) {
        String serial = "BT-" + Api.next();
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"%s","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(serial, fx.accountNo(), direction, amount, purpose, extra))
                .then().statusCode(201);
        return serial;
    }

    static Response lookUp(String contractNo, String idNoLast6) {
        return given().contentType(ContentType.JSON).body(Map.of("contractNo", contractNo, "idNoLast6", idNoLast6))
                .post("/api/v1/buyer-lookups");
    }

    String last6() {
        return idNo.substring(idNo.length() - 6);
    }
}
