package io.egressfed.hub.coordinator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the coordinator remembers, in memory only, about withdrawals in progress: when each started on
 * its monotonic clock, which clusters it fenced, which config version carried each FENCED assignment,
 * and the one wake-up scheduled for the earliest deadline. A new coordinator starts empty and so
 * restarts every wait from the moment it first sees a WITHDRAWING record. Thread-safe.
 */
final class FailoverTimers {

    /** Slack added to a wake-up so that the pass it triggers sees the deadline as passed. */
    private static final long WAKE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Key(String intent, long epoch) {
    }

    private record Started(long sinceNanos, List<String> fenced, Optional<FailoverReason> reason) {
    }

    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final Runnable onWake;
    private final Map<Key, Started> started = new HashMap<>();
    private final Map<Key, Map<String, Long>> fencedVersions = new HashMap<>();
    private ScheduledFuture<?> wake;
    private long wakeAtNanos;

    /**
     * Creates the timers.
     *
     * @param scheduler runs wake-ups
     * @param nanoTime the monotonic clock ({@link System#nanoTime()})
     * @param onWake what a deadline triggers (a placement pass)
     */
    FailoverTimers(ScheduledExecutorService scheduler, LongSupplier nanoTime, Runnable onWake) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.onWake = Objects.requireNonNull(onWake, "onWake");
    }

    /** Records a withdrawal this coordinator committed, timed from the store's acknowledgement. */
    synchronized void committed(String intent, long epoch, List<String> fenced, FailoverReason reason) {
        started.put(new Key(intent, epoch), new Started(nanoTime.getAsLong(), List.copyOf(fenced),
                Optional.of(reason)));
    }

    /**
     * The withdrawal of a WITHDRAWING record; one this coordinator did not commit starts now.
     *
     * @param intent the intent
     * @param epoch the record's epoch
     * @param fenced the record's fenced clusters
     * @return since when, and the known FENCED versions
     */
    synchronized Withdrawal withdrawal(String intent, long epoch, List<String> fenced) {
        Key key = new Key(intent, epoch);
        Started start = started.computeIfAbsent(key,
                k -> new Started(nanoTime.getAsLong(), List.copyOf(fenced), Optional.empty()));
        return new Withdrawal(start.sinceNanos(), fencedVersions.getOrDefault(key, Map.of()));
    }

    /**
     * Ends a withdrawal (its target was activated).
     *
     * @param intent the intent
     * @param epoch the WITHDRAWING record's epoch
     * @return when it started, if this coordinator knew
     */
    synchronized OptionalLong finish(String intent, long epoch) {
        Key key = new Key(intent, epoch);
        fencedVersions.remove(key);
        Started start = started.remove(key);
        return start == null ? OptionalLong.empty() : OptionalLong.of(start.sinceNanos());
    }

    /**
     * Remembers the first published version that carried a FENCED assignment.
     *
     * @return true when this version was not known before
     */
    synchronized boolean fencedPublished(String intent, long epoch, String cluster, long version) {
        return fencedVersions.computeIfAbsent(new Key(intent, epoch), k -> new HashMap<>())
                .putIfAbsent(cluster, version) == null;
    }

    /** Whether an ACK of this cluster can end a withdrawal. */
    synchronized boolean awaitsAck(String cluster) {
        return started.values().stream().anyMatch(start -> start.fenced().contains(cluster));
    }

    /**
     * Forgets withdrawals that are no longer stored.
     *
     * @param withdrawing the epoch of every intent whose stored record is WITHDRAWING
     */
    synchronized void retain(Map<String, Long> withdrawing) {
        started.keySet().removeIf(key -> !Long.valueOf(key.epoch()).equals(withdrawing.get(key.intent())));
        fencedVersions.keySet().removeIf(key -> !started.containsKey(key));
    }

    /**
     * Makes sure a pass runs at a deadline; one wake-up is kept, for the earliest deadline.
     *
     * @param deadlineNanos the deadline on the monotonic clock
     */
    synchronized void wakeAt(long deadlineNanos) {
        if (wake != null && !wake.isDone() && wakeAtNanos - deadlineNanos <= 0) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wakeAtNanos = deadlineNanos;
        long delay = Math.max(0, deadlineNanos - nanoTime.getAsLong()) + WAKE_SLACK_NANOS;
        wake = scheduler.schedule(onWake, delay, TimeUnit.NANOSECONDS);
    }

    /** Cancels the pending wake-up. */
    synchronized void close() {
        if (wake != null) {
            wake.cancel(false);
        }
    }
}
