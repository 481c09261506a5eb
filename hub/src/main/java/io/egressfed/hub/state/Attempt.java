package io.egressfed.hub.state;

import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.TxnResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The outcome of one optimistic attempt: done with a value, or beaten by a concurrent writer (then the
 * caller re-reads and tries again). The re-read is the back-off: no sleeping.
 *
 * @param value the result, when done
 * @param conflict the keys whose compares failed, when beaten
 * @param <R> the result type
 */
record Attempt<R>(Optional<R> value, String conflict) {

    static <R> Attempt<R> done(R value) {
        return new Attempt<>(Optional.of(value), "");
    }

    static <R> Attempt<R> beaten(TxnResult result) {
        return new Attempt<>(Optional.empty(), describe(result.failedCompares()));
    }

    /**
     * Runs attempts until one is done, at most {@code maxAttempts} times.
     *
     * @param attempt one read-validate-commit round
     * @param exhausted builds the failure after the last beaten attempt, from the attempt count and conflict
     */
    static <R> CompletableFuture<R> repeat(int maxAttempts, Supplier<CompletableFuture<Attempt<R>>> attempt,
                                           Exhausted exhausted) {
        return repeat(1, maxAttempts, attempt, exhausted);
    }

    /** Builds the exception thrown when every attempt was beaten. */
    interface Exhausted {
        RuntimeException after(int attempts, String lastConflict);
    }

    private static <R> CompletableFuture<R> repeat(int number, int maxAttempts,
                                                   Supplier<CompletableFuture<Attempt<R>>> attempt, Exhausted exhausted) {
        return attempt.get().thenCompose(outcome -> {
            if (outcome.value().isPresent()) {
                return CompletableFuture.completedFuture(outcome.value().get());
            }
            if (number >= maxAttempts) {
                return CompletableFuture.failedFuture(exhausted.after(number, outcome.conflict()));
            }
            return repeat(number + 1, maxAttempts, attempt, exhausted);
        });
    }

    private static String describe(List<Compare> failed) {
        return failed.stream().map(Compare::key).distinct().collect(Collectors.joining(", "));
    }
}
