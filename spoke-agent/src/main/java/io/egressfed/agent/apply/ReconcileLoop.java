package io.egressfed.agent.apply;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's single reconcile thread. Informer events request a pass; requests arriving while one is
 * queued coalesce into it, so a burst of events costs one pass. Failed passes are retried after a
 * growing delay on the same thread's scheduler; nothing ever sleeps or polls.
 */
final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final ScheduledExecutorService executor;
    private final Runnable pass;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Results of submitted tasks that have not run yet, failed on close so no caller waits forever. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private Duration nextRetry = FIRST_RETRY;
    private ScheduledFuture<?> retry;

    ReconcileLoop(String threadName, Runnable pass) {
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.pass = pass;
    }

    /** Requests a pass; safe from any thread. */
    void requestPass() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::runPass);
            } catch (RejectedExecutionException e) {
                queued.set(false);
                LOG.debug("Reconcile loop closed; pass request dropped");
            }
        }
    }

    /**
     * Runs a task on the reconcile thread.
     *
     * @param task the task
     * @param <T>  its result
     * @return completes with the task's result or exception
     */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        try {
            executor.execute(() -> {
                pending.remove(result);
                try {
                    result.complete(task.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(result);
            result.completeExceptionally(new IllegalStateException("the agent's apply loop is closed", e));
        }
        return result;
    }

    /** Called on the reconcile thread after a pass that left work undone: schedules a retry. */
    void retryLater() {
        if (retry != null && !retry.isDone()) {
            return;
        }
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        retry = executor.schedule(this::requestPass, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called on the reconcile thread after a complete pass: the next failure retries quickly again. */
    void succeeded() {
        nextRetry = FIRST_RETRY;
    }

    private void runPass() {
        queued.set(false);
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.warn("Reconcile pass failed, retrying: {}", e.toString());
            retryLater();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        for (CompletableFuture<?> result : pending) {
            result.completeExceptionally(new IllegalStateException("the agent's apply loop is closed"));
        }
        pending.clear();
    }
}
