package io.egressfed.e2e.lab.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Waits for conditions the lab cannot be told about directly (an agent ACK, a dataplane change seen
 * through several sources) by asking on a schedule, never by sleeping a thread.
 */
public final class Poller implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lab-poller");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Completes with the first value {@code probe} returns, asking every 50 ms. A probe that throws counts
     * as "not yet". After {@code timeout} the future fails with a {@link LabTimeoutException} naming
     * {@code what} and the last {@code progress} (or the probe's last error).
     */
    public <T> CompletableFuture<T> until(String what, Duration timeout, Supplier<Optional<T>> probe,
            Supplier<String> progress) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<String> lastError = new AtomicReference<>("");
        long deadline = System.nanoTime() + timeout.toNanos();
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> {
            if (result.isDone()) {
                return;
            }
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    result.complete(value.get());
                    return;
                }
            } catch (RuntimeException notYet) {
                lastError.set(notYet.toString());
            }
            if (System.nanoTime() - deadline >= 0) {
                String state = progress.get();
                result.completeExceptionally(new LabTimeoutException("timed out after " + timeout.toSeconds()
                        + " s waiting for " + what + (state.isEmpty() ? "" : "; " + state)
                        + (lastError.get().isEmpty() ? "" : "; last error: " + lastError.get())));
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((value, failure) -> task.cancel(false));
        return result;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
