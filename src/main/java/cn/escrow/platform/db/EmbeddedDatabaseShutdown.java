package cn.escrow.platform.db;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Stops the embedded PostgreSQL with the service, after every other shutdown observer. */
@ApplicationScoped
class EmbeddedDatabaseShutdown {

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.stop();
    }
}
