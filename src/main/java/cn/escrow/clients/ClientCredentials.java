package cn.escrow.clients;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The credentials of machine clients, as the signature check needs them, kept in memory for
 * {@code escrow.signature.client-cache-ttl} (default 5 s) after they were read. Every signed request
 * needs them, so without this each bank push paid a database round trip before any of its own work.
 *
 * <p>How fresh it stays:
 * <ul>
 * <li>a change made through this instance ({@link ClientService}: new client, rotated secret, disabled
 *     or enabled) drops the client's entry as soon as its transaction ends, so the next request reads
 *     the new row;</li>
 * <li>a change made through another instance takes effect here within the TTL;</li>
 * <li>unknown clients are never cached: each attempt reads the database again, so a client created
 *     elsewhere works at once.</li>
 * </ul>
 * A read that raced with a change is not kept: {@link #forget} bumps a generation counter, and a
 * row read while it moved is handed to its request but dropped from the cache.
 */
@ApplicationScoped
public class ClientCredentials {

    /**
     * The columns of a machine client the signature check needs, its secrets decrypted once per read (the check
     * needs them in clear anyway; decrypting them for every request cost about a twelfth of a push's JVM time).
     */
    public record Client(String clientId, String kind, String bankCode, byte[] secret, byte[] previousSecret,
                         Instant previousValidUntil, boolean enabled) {
    }

    /** Fired by {@link ClientService} when a client's row changes; the entry is dropped after the transaction. */
    public record Changed(String clientId) {
    }

    private record Entry(Client client, long readAtNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Sql sql;
    private final SecretCipher cipher;
    private final Vertx vertx;
    private final long ttlNanos;

    public ClientCredentials(Sql sql, SecretCipher cipher, Vertx vertx, EscrowConfig config) {
        this.sql = sql;
        this.cipher = cipher;
        this.vertx = vertx;
        this.ttlNanos = config.signature().clientCacheTtl().toNanos();
    }

    /** The client, or null when there is none; reads the database (blocking) unless a fresh entry is kept. */
    public Client get(String clientId) {
        Client cached = fresh(clientId);
        return cached != null ? cached : read(clientId);
    }

    /**
     * As {@link #get}, for an event-loop thread, which must not block: a fresh entry completes at once,
     * otherwise the database is read on a worker thread.
     */
    public CompletionStage<Client> lookup(String clientId) {
        Client cached = fresh(clientId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return vertx.executeBlocking(() -> read(clientId), false).toCompletionStage();
    }

    void forget(@Observes(during = TransactionPhase.AFTER_COMPLETION) Changed change) {
        generation.incrementAndGet();
        entries.remove(change.clientId());
    }

    private Client fresh(String clientId) {
        Entry entry = entries.get(clientId);
        return entry != null && System.nanoTime() - entry.readAtNanos() < ttlNanos ? entry.client() : null;
    }

    private Client read(String clientId) {
        long before = generation.get();
        long readAt = System.nanoTime();
        Client client = sql.one("""
                SELECT client_id, kind, bank_code, secret_enc, previous_secret_enc, previous_valid_until, enabled
                FROM machine_client WHERE client_id = :client""",
                row -> new Client(row.getString("client_id"), row.getString("kind"), row.getString("bank_code"),
                        cipher.decrypt(row.getString("secret_enc")), decryptOrNull(row.getString("previous_secret_enc")),
                        row.getInstant("previous_valid_until"), row.getBoolean("enabled")), "client", clientId);
        if (client == null) {
            entries.remove(clientId);
            return null;
        }
        Entry entry = new Entry(client, readAt);
        entries.put(clientId, entry);
        if (generation.get() != before) { // a change ended while this read ran: keep nothing it may predate
            entries.remove(clientId, entry);
        }
        return client;
    }

    private byte[] decryptOrNull(String stored) {
        return stored == null ? null : cipher.decrypt(stored);
    }
}
