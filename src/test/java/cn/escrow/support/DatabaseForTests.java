package cn.escrow.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the embedded PostgreSQL for every {@code @QuarkusTest} in the run. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class DatabaseForTests {
    private DatabaseForTests() {
    }
}
