package cn.escrow.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the webhook receiver for every {@code @QuarkusTest} in the run, so no test needs a profile of its own for it. */
@QuarkusTestResource(SigningWebhookReceiver.class)
public final class SigningWebhookForTests {
    private SigningWebhookForTests() {
    }
}
