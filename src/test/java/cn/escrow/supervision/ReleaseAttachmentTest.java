package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Attachments: type from the content not the header, SHA-256, their own size limit, parties only, shown to the approver. */
@QuarkusTest
class ReleaseAttachmentTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @Test
    void shouldStoreSniffedFilesWithTheirHashAndShowThemToTheParties() throws Exception {
        ReleaseFixture f = new ReleaseFixture();
        f.keyAmount("1000000.00");
        f.money("CREDIT", "2000000.00", "DOWN_PAYMENT", "");
        String release = f.apply("PRESALE_PERMIT", "100000.00");
        String path = "/api/v1/releases/" + release + "/attachments";

        // A PDF over the 64 KiB JSON limit, sent as "image/png": stored as what it is.
        byte[] pdf = new byte[70 * 1024];
        Arrays.fill(pdf, (byte) ' ');
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 9);
        String pdfHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        long pdfId = upload(f.enterpriseUser, path, "形象进度确认书.pdf", "image/png", pdf).then().statusCode(201)
                .body("contentType", equalTo("application/pdf")).body("sha256", equalTo(pdfHash))
                .body("sizeBytes", equalTo(pdf.length)).extract().jsonPath().getLong("id");
        upload(f.enterpriseUser, path, "监理确认.png", "application/pdf", PNG).then().statusCode(201)
                .body("contentType", equalTo("image/png"));

        // Not a PDF, JPEG or PNG, whatever the header says; the same file twice; no name; too large.
        upload(f.enterpriseUser, path, "x.pdf", "application/pdf", "<html>".getBytes(StandardCharsets.UTF_8)).then().statusCode(415)
                .body("type", equalTo("/problems/unsupported-media-type"));
        upload(f.enterpriseUser, path, "again.pdf", "application/pdf", pdf).then().statusCode(409);
        Api.as(f.enterpriseUser).contentType("application/pdf").body(pdf).post(path).then().statusCode(400)
                .body("violations.field", hasItem("fileName"));
        byte[] huge = Arrays.copyOf(pdf, 5 * 1024 * 1024 + 1);
        upload(f.enterpriseUser, path, "big.pdf", "application/pdf", huge).then().statusCode(413)
                .body("type", equalTo("/problems/payload-too-large")).body("detail", containsString("5 MiB"));
        assertThat(Db.count("SELECT count(*) FROM release_attachment WHERE release_no = ?", release)).isEqualTo(2);

        // The approver sees them in the release view and downloads the very bytes.
        Api.supervisor().get("/api/v1/releases/" + release).then().statusCode(200)
                .body("attachments.size()", equalTo(2)).body("attachments[0].sha256", equalTo(pdfHash));
        Response download = Api.as(Api.user("AUDITOR", null)).get(path + "/" + pdfId);
        download.then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("attachment")).header("ETag", "\"" + pdfHash + "\"");
        assertThat(download.asByteArray()).isEqualTo(pdf);

        // Others learn nothing; a decided release takes no more documents.
        String stranger = Api.user("ENTERPRISE", Api.enterprise());
        Api.as(stranger).get(path).then().statusCode(404);
        Api.as(stranger).get(path + "/" + pdfId).then().statusCode(404);
        upload(stranger, path, "x.png", "image/png", PNG).then().statusCode(404);
        Api.as(f.enterpriseUser).get(path).then().statusCode(200).body("size()", equalTo(2));
        f.approve(release).then().statusCode(200);
        upload(f.enterpriseUser, path, "late.png", "image/png", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}).then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'RELEASE_ATTACHMENT_UPLOADED' AND subject = ?",
                "release:" + release)).isEqualTo(2);
    }

    static Response upload(String user, String path, String fileName, String contentType, byte[] content) {
        return Api.as(user).queryParam("fileName", fileName).contentType(contentType).body(content).post(path);
    }
}
