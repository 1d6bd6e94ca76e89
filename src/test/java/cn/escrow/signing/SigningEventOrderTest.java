package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The feed's guarantee under interleaving transactions: a reader that asks again with the last seq it
 * saw never misses an event and never gets one twice, and what it reads is exactly what committed.
 */
@QuarkusTest
class SigningEventOrderTest {

    @Inject
    AgroalDataSource dataSource;

    private static final String FLIP = """
            UPDATE project SET signing_enabled = NOT signing_enabled, signing_changed_at = now() WHERE id = ?""";

    private record Event(long seq, long projectId, boolean enabled) {
    }

    /** Reads the feed as the signing system would: from {@code after}, a page at a time, until a page comes back empty. */
    private static List<Event> drain(SignedClient reader, long after, int limit) {
        List<Event> read = new ArrayList<>();
        long position = after;
        while (true) {
            List<Map<String, Object>> page = reader.get("/api/v1/signing-events?after=" + position + "&limit=" + limit)
                    .then().statusCode(200).extract().jsonPath().getList("$");
            if (page.isEmpty()) {
                return read;
            }
            for (Map<String, Object> e : page) {
                read.add(new Event(((Number) e.get("seq")).longValue(), ((Number) e.get("projectId")).longValue(),
                        (Boolean) e.get("enabled")));
            }
            position = read.get(read.size() - 1).seq();
        }
    }

    private static long project(long enterpriseId) {
        long n = Api.next();
        return Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", "并发花园" + n, "presalePermitNo", "昆预并" + n))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static List<Event> of(List<Event> events, Set<Long> projects) {
        return events.stream().filter(e -> projects.contains(e.projectId())).toList();
    }

    @Test
    void shouldNumberAnEarlierChangeThatCommitsLaterAfterTheOneThatCommittedFirst() throws Exception {
        long a = Api.project("GA").projectId();
        long b = Api.project("GB").projectId();
        SignedClient reader = SignedClient.signingSystem();
        long start = SigningEventsTest.lastSeq();
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            flip(first, a);  // the first change is made first ...
            flip(second, b);
            second.commit(); // ... but commits second
            List<Event> seen = drain(reader, start, 100);
            assertThat(of(seen, Set.of(a, b))).extracting(Event::projectId).containsExactly(b);
            long last = seen.get(seen.size() - 1).seq();
            first.commit();
            List<Event> next = drain(reader, last, 100);
            assertThat(of(next, Set.of(a, b))).as("resuming after the last seq seen finds the change that committed later")
                    .extracting(Event::projectId).containsExactly(a);
        }
        restore(a, b);
    }

    @Test
    void shouldNeverMissOrRepeatAnEventWhileManyProjectsFlipInParallel() throws Exception {
        int workers = 6;
        int transactionsPerWorker = 40;
        Api.Fixture fx = Api.project("GC");
        List<Long> projects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            projects.add(project(fx.enterpriseId()));
        }
        long locked = fx.projectId(); // flipped through the API, by locks, at the same time
        Set<Long> watched = new TreeSet<>(projects);
        watched.add(locked);
        SignedClient reader = SignedClient.signingSystem();
        long start = SigningEventsTest.lastSeq();

        Map<Long, AtomicInteger> committedFlips = new ConcurrentHashMap<>();
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(workers + 2);
        try {
            Future<List<Event>> polling = pool.submit(() -> {
                List<Event> read = new ArrayList<>();
                long position = start;
                boolean last = false;
                while (!last) {
                    last = !writing.get(); // one more full drain after the writers stopped
                    List<Event> page = drain(reader, position, 7);
                    read.addAll(page);
                    if (!page.isEmpty()) {
                        position = page.get(page.size() - 1).seq();
                    }
                }
                return read;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                writers.add(pool.submit(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(false);
                        for (int t = 0; t < transactionsPerWorker; t++) {
                            flipSomeAndMaybeCommit(c, projects, committedFlips, rolledBack);
                        }
                    }
                    return null;
                }));
            }
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    long lockId = Api.supervisor().body(Map.of("reason", "parallel " + i))
                            .post("/api/v1/projects/" + locked + "/signing-locks").then().statusCode(201)
                            .extract().jsonPath().getLong("lockId");
                    Api.supervisor().delete("/api/v1/projects/" + locked + "/signing-locks/" + lockId).then().statusCode(204);
                }
                committedFlips.computeIfAbsent(locked, k -> new AtomicInteger()).addAndGet(20);
                return null;
            }));
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            List<Event> read = of(polling.get(), watched);

            List<Long> seqs = read.stream().map(Event::seq).toList();
            assertThat(seqs).as("strictly ascending, so nothing twice").isSorted().doesNotHaveDuplicates();
            List<Event> committed = of(drain(reader, start, 1000), watched);
            assertThat(read).as("what the polling reader got is exactly what committed").isEqualTo(committed);
            Map<Long, List<Boolean>> states = new HashMap<>();
            read.forEach(e -> states.computeIfAbsent(e.projectId(), k -> new ArrayList<>()).add(e.enabled()));
            for (long project : watched) {
                int flips = committedFlips.getOrDefault(project, new AtomicInteger()).get();
                List<Boolean> seen = states.getOrDefault(project, List.of());
                assertThat(seen).as("one event per committed change of project %d", project).hasSize(flips);
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).as("project %d, event %d: off, on, off, ... in commit order", project, i)
                            .isEqualTo(i % 2 == 1);
                }
            }
            assertThat(rolledBack.get()).as("some transactions rolled back").isPositive();
        } finally {
            pool.shutdownNow();
        }
        restore(projects.toArray(Long[]::new));
    }

    /** One transaction: flips one to three projects (in id order, so writers never deadlock), waits a little, then commits or rolls back. */
    private static void flipSomeAndMaybeCommit(Connection c, List<Long> projects, Map<Long, AtomicInteger> committedFlips,
                                               AtomicInteger rolledBack) throws SQLException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Long> chosen = new ArrayList<>(projects);
        Collections.shuffle(chosen, random);
        List<Long> flipped = new ArrayList<>(new TreeSet<>(chosen.subList(0, 1 + random.nextInt(3))));
        for (long project : flipped) {
            flip(c, project);
        }
        // Not a wait for anything: jitter that keeps the transaction open a little, so that changes made
        // later often commit first (the interleaving a plain sequence gets wrong).
        Thread.sleep(random.nextInt(4));
        if (random.nextInt(4) == 0) {
            c.rollback();
            rolledBack.incrementAndGet();
        } else {
            c.commit();
            flipped.forEach(p -> committedFlips.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet());
        }
    }

    private static void flip(Connection c, long projectId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FLIP)) {
            s.setLong(1, projectId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    /** Signing back on for the projects this test flipped, so later tests find them as created. */
    private void restore(Long... ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE project SET signing_enabled = TRUE, signing_changed_at = now() WHERE id = ANY(?) AND NOT signing_enabled")) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            s.executeUpdate();
        }
    }
}
