package io.egressfed.e2e.lab.chaos;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Asks an asynchronous probe every 200 ms, on a delayed executor rather than a sleeping thread. */
final class Poll {

    private static final long INTERVAL_MILLIS = 200;

    private Poll() {
    }

    /**
     * Completes when {@code probe} completes with true; fails with the probe's error, or with a
     * {@link TimeoutException} naming {@code what} after {@code timeout}.
     */
    static CompletableFuture<Void> until(String what, Duration timeout, Supplier<CompletableFuture<Boolean>> probe) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Executor later = CompletableFuture.delayedExecutor(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        Runnable[] ask = new Runnable[1];
        ask[0] = () -> ask(probe).whenComplete((ok, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (Boolean.TRUE.equals(ok)) {
                done.complete(null);
            } else if (System.nanoTime() - deadline > 0) {
                done.completeExceptionally(new TimeoutException("timed out after " + timeout.toSeconds()
                        + " s waiting for " + what));
            } else {
                later.execute(ask[0]);
            }
        });
        ask[0].run();
        return done;
    }

    private static CompletableFuture<Boolean> ask(Supplier<CompletableFuture<Boolean>> probe) {
        try {
            return probe.get();
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }
}
