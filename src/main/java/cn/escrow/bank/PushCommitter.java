package cn.escrow.bank;

import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.error.ServiceUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Group commit for bank pushes. A request hands its push here and is suspended (no thread waits
 * for it); a few writer threads each take what is queued (up to {@code escrow.bank-push.max-batch}),
 * store them in one transaction, commit, and only then answer each caller. Under load many
 * pushes share one commit, one connection and one round of transaction bookkeeping; a push that
 * finds the queue empty goes through at once, so nothing waits for a batch to fill.
 *
 * <p>Inside a batch, the plain account transactions ({@link PlainPushBatch#isPlain}) of accounts that have no other
 * kind of push in the batch are stored set-based, a few statements for all of them ({@link PlainPushBatch}); the
 * other pushes run one after another through their own service, in arrival order within their account.
 *
 * <p>Why it stays exactly as safe as one transaction per push:
 * <ul>
 * <li>every caller is answered after the commit that holds its push, never before;</li>
 * <li>a batch runs its pushes in account-number order (arrival order within an account), and a batch with
 *     set-based pushes first locks all its accounts in one statement in that order, so two
 *     writers take account locks in the same order and cannot deadlock each other;</li>
 * <li>a plain push that must be refused is found before anything is written and gets its own problem; the
 *     others of the batch are stored;</li>
 * <li>if anything else in a batch fails (a refused push of the per-push path, an SQL error, a deadlock with
 *     other work, a failed commit), the whole batch rolls back and each of its pushes runs again alone, in its own
 *     transaction, exactly as without batching. A refused push so gets its own answer and takes no
 *     other push down, and a commit whose outcome was lost is caught by the idempotency key: the
 *     re-run answers a push that did commit as a replay.</li>
 * </ul>
 */
@ApplicationScoped
public class PushCommitter {

    private final BlockingQueue<Job<?>> queue;
    private final int writerCount;
    private final int maxBatch;
    private final Duration maxWait;
    private final DistributionSummary batchSizes;
    private final Counter fallbacks;
    private final List<Thread> writers = new ArrayList<>();
    private final PlainPushBatch plain;
    private volatile boolean closed;

    public PushCommitter(EscrowConfig config, MeterRegistry registry, PlainPushBatch plain) {
        this.plain = plain;
        if (config.bankPush().writers() < 1 || config.bankPush().maxBatch() < 1 || config.bankPush().maxQueued() < 1) {
            throw new IllegalStateException("escrow.bank-push.writers, .max-batch and .max-queued must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(config.bankPush().maxQueued());
        this.writerCount = config.bankPush().writers();
        this.maxBatch = config.bankPush().maxBatch();
        this.maxWait = config.bankPush().maxWait();
        this.batchSizes = DistributionSummary.builder("escrow.bank.push.batch.size")
                .description("Bank pushes committed together in one transaction").register(registry);
        this.fallbacks = Counter.builder("escrow.bank.push.batch.fallbacks")
                .description("Batches rolled back and re-run one push per transaction").register(registry);
        Gauge.builder("escrow.bank.push.queued", queue, BlockingQueue::size)
                .description("Bank pushes waiting for a writer").register(registry);
    }

    void start(@Observes StartupEvent event) {
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::write, "bank-push-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Lets the writers finish what is queued, then stop; pushes arriving now are answered 503. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        closed = true;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /**
     * Queues a push (a transactional call of {@link BankPushService}) for the next batch, without blocking
     * the caller. The stage completes once the transaction holding the push has committed, with its result;
     * with its exception if it was refused or failed on its own; with 503 {@link ServiceUnavailable} when
     * the queue is full, the service is stopping, or no commit came within {@code max-wait} (the push may
     * still commit: the bank's retry is then answered as a replay).
     */
    public <T> CompletableFuture<T> submit(String accountNo, Supplier<T> push) {
        return submit(new Job<>(accountNo, push, null));
    }

    /**
     * As {@link #submit(String, Supplier)}, for an account transaction: {@code perPush} stores it alone
     * ({@link BankPushService#pushTransaction}); a plain one may instead be stored set-based with others.
     */
    public CompletableFuture<Outcome<TransactionView>> submitTransaction(Caller bank, AccountTransactionPush push,
                                                                        Supplier<Outcome<TransactionView>> perPush) {
        return submit(new Job<>(push.accountNo(), perPush,
                PlainPushBatch.isPlain(push) ? new PlainPushBatch.Pending(bank, push) : null));
    }

    private <T> CompletableFuture<T> submit(Job<T> job) {
        if (closed) {
            return CompletableFuture.failedFuture(new ServiceUnavailable("The service is stopping; retry"));
        }
        if (!queue.offer(job)) {
            return CompletableFuture.failedFuture(new ServiceUnavailable("Too many pushes are waiting to be stored; retry"));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        job.done.orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
            if (failure instanceof TimeoutException) {
                answer.completeExceptionally(new ServiceUnavailable("The push was not stored within " + maxWait.toSeconds() + " s; retry"));
            } else if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(result);
            }
        });
        return answer;
    }

    private void write() {
        List<Job<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) { // never leave a caller waiting, never lose the writer
                Log.error("Bank push writer failed", t);
                batch.forEach(job -> job.done.completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Job<?>> batch) {
        batchSizes.record(batch.size());
        if (batch.size() == 1) {
            batch.get(0).runAlone();
            return;
        }
        batch.sort(Comparator.comparing((Job<?> job) -> job.accountNo, Comparator.nullsFirst(Comparator.naturalOrder()))); // stable: arrival order within an account
        List<Job<?>> setBased = setBased(batch);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!setBased.isEmpty()) {
                    plain.lockAccounts(batch.stream().map(job -> job.accountNo).filter(Objects::nonNull).distinct().toList());
                    List<PlainPushBatch.Result> results = plain.store(setBased.stream().map(job -> job.plain).toList());
                    for (int i = 0; i < results.size(); i++) {
                        setBased.get(i).settle(results.get(i));
                    }
                }
                batch.stream().filter(job -> !setBased.contains(job)).forEach(Job::runInBatch);
            });
        } catch (RuntimeException e) {
            fallbacks.increment();
            Log.debugf("A batch of %d pushes rolled back (%s); running each alone", batch.size(), e.getClass().getSimpleName());
            batch.forEach(Job::runAlone);
            return;
        }
        batch.forEach(Job::answer);
    }

    /** The plain pushes of the accounts that have only plain pushes in this batch, in batch order. */
    private static List<Job<?>> setBased(List<Job<?>> batch) {
        Set<String> mixed = new HashSet<>();
        batch.stream().filter(job -> job.plain == null).forEach(job -> mixed.add(job.accountNo));
        return batch.stream().filter(job -> job.plain != null && !mixed.contains(job.accountNo)).toList();
    }

    /** One push waiting for its commit. */
    private static final class Job<T> {
        final String accountNo;
        final Supplier<T> push;
        /** Set when the push may be stored set-based. */
        final PlainPushBatch.Pending plain;
        final CompletableFuture<T> done = new CompletableFuture<>();
        private T result;
        private RuntimeException refusal;

        Job(String accountNo, Supplier<T> push, PlainPushBatch.Pending plain) {
            this.accountNo = accountNo;
            this.push = push;
            this.plain = plain;
        }

        /** Inside the batch's transaction; the caller hears nothing until it commits. */
        void runInBatch() {
            result = push.get();
        }

        /** What the set-based path made of this push (a plain push's outcome is its result). */
        @SuppressWarnings("unchecked")
        void settle(PlainPushBatch.Result stored) {
            result = (T) stored.outcome();
            refusal = stored.refusal();
        }

        void answer() {
            if (refusal != null) {
                done.completeExceptionally(refusal);
            } else {
                done.complete(result);
            }
        }

        /** In a transaction of its own (the push's {@code @Transactional} starts one). */
        void runAlone() {
            try {
                done.complete(push.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }
}
