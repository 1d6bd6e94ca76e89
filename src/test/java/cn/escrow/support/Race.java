package cn.escrow.support;

import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Runs HTTP calls at the same moment, for the tests of rules that must hold under concurrency. */
public final class Race {

    private Race() {
    }

    /** Runs the calls at the same moment and returns their answers, in the order given. */
    @SafeVarargs
    public static List<Response> of(Supplier<Response>... calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> futures = Arrays.stream(calls).map(call -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return call.get();
        })).toList();
        start.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
