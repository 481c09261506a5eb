package io.egressfed.agent.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic clock and a scheduler that move only when a test calls {@link #advance(Duration)}: due
 * tasks then run on the test's thread, in due order ({@link #execute} too waits for the next advance).
 * Only one-shot tasks are supported.
 */
public final class DrivenTime extends AbstractExecutorService implements MonotonicClock, ScheduledExecutorService {

    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    // Guarded by lock. The origin is negative on purpose: code must compare differences, not raw readings.
    private long now = -1_000_000_000_000L;
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>(
            Comparator.<Task<?>>comparingLong(task -> task.dueAt).thenComparingLong(task -> task.order));
    private boolean shutdown;

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return now;
        }
    }

    /**
     * Moves time forward and runs every task due by then.
     *
     * @param step how far
     */
    public void advance(Duration step) {
        long target;
        synchronized (lock) {
            target = now + step.toNanos();
        }
        while (true) {
            Task<?> due;
            synchronized (lock) {
                Task<?> next = tasks.peek();
                if (next == null || next.dueAt - target > 0) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.dueAt);
                due = next;
            }
            due.run();
        }
    }

    /** @return tasks scheduled and not yet run or cancelled */
    public int pendingTasks() {
        synchronized (lock) {
            tasks.removeIf(Task::isCancelled);
            return tasks.size();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("DrivenTime is shut down");
            }
            Task<V> task = new Task<>(callable, now + unit.toNanos(Math.max(0, delay)), sequence.incrementAndGet());
            tasks.add(task);
            return task;
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("DrivenTime runs one-shot tasks only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("DrivenTime runs one-shot tasks only");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        synchronized (lock) {
            shutdown = true;
            List<Runnable> dropped = new ArrayList<>(tasks);
            tasks.clear();
            return dropped;
        }
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        return isShutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long dueAt;
        private final long order;

        Task(Callable<V> callable, long dueAt, long order) {
            super(callable);
            this.dueAt = dueAt;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAt - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
