package io.egressfed.agent.lease;

import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases the hub grants, measured on a monotonic clock, and announces when one starts or
 * lapses. A lease for (intent, epoch) is live from the receipt of a grant listing it until receipt +
 * lease_duration − {@link #fenceAhead(Duration) fenceAhead}; later grants extend it. The end of each
 * live lease is a task on the scheduler, so a lapse is noticed without polling. Thread-safe.
 */
public final class LeaseKeeper implements Leases, LeaseGrantReceiver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Duration MIN_FENCE_AHEAD = Duration.ofMillis(200);
    /** How long a lapsed lease is remembered, so that the health report can say when it ran out. */
    private static final Duration LAPSED_MEMORY = Duration.ofMinutes(10);

    private final MonotonicClock clock;
    private final ScheduledExecutorService scheduler;
    private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<Key, Lease> leases = new HashMap<>();
    private final Map<String, Long> newestEpochs = new HashMap<>();
    private boolean closed;

    /**
     * Creates a keeper without leases.
     *
     * @param clock     the monotonic clock leases are measured on
     * @param scheduler runs the end of each lease (owned by the caller)
     */
    public LeaseKeeper(MonotonicClock clock, ScheduledExecutorService scheduler) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * How long before the hub's lease ends the agent gives it up, so that transit and clock-rate
     * differences cannot make it outlive the hub's view: a fifth of the lease, at least 200 ms.
     *
     * @param lease the lease duration granted
     * @return the margin
     */
    public static Duration fenceAhead(Duration lease) {
        Duration fifth = lease.dividedBy(5);
        return fifth.compareTo(MIN_FENCE_AHEAD) > 0 ? fifth : MIN_FENCE_AHEAD;
    }

    @Override
    public void grant(LeaseGrant grant) {
        long receivedAt = clock.nanoTime();
        Duration duration = validated(grant);
        Duration live = duration.minus(fenceAhead(duration));
        List<Change> changes = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (live.isNegative() || live.isZero()) {
                LOG.warn("A lease of {} ms is not longer than its fence-ahead of {} ms, so it cannot be held; ignored",
                        duration.toMillis(), fenceAhead(duration).toMillis());
                return;
            }
            long expiresAt = receivedAt + live.toNanos();
            for (LeasedAssignment leased : grant.getAssignmentsList()) {
                record(new Key(leased.getIntent(), leased.getEpoch()), expiresAt, receivedAt, changes);
            }
            forgetOldLapses(receivedAt);
        }
        announce(changes);
    }

    @Override
    public LeaseStatus status(String intent, long epoch) {
        long now = clock.nanoTime();
        synchronized (lock) {
            Lease lease = leases.get(new Key(intent, epoch));
            if (lease != null && lease.expiresAt - now > 0) {
                return LeaseStatus.live(Duration.ofNanos(lease.expiresAt - now));
            }
            if (lease != null) {
                return LeaseStatus.none("the hub's lease for epoch " + epoch + " ran out "
                        + seconds(now - lease.expiresAt) + " ago");
            }
            Long newest = newestEpochs.get(intent);
            if (newest == null) {
                return LeaseStatus.none("the hub has granted no lease for epoch " + epoch
                        + " since the agent started");
            }
            return LeaseStatus.none("the hub has granted no lease for epoch " + epoch + " (its newest grant was for epoch "
                    + newest + ")");
        }
    }

    @Override
    public void listen(LeaseListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Cancels the scheduled ends; later grants are ignored. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            leases.values().forEach(Lease::cancelEnd);
        }
    }

    private void record(Key key, long expiresAt, long now, List<Change> changes) {
        Long newest = newestEpochs.get(key.intent());
        if (newest != null && newest > key.epoch()) {
            LOG.debug("Intent {}: grant for epoch {} ignored, epoch {} was granted already", key.intent(), key.epoch(),
                    newest);
            return;
        }
        if (newest == null || newest < key.epoch()) {
            newestEpochs.put(key.intent(), key.epoch());
            endOlderEpochs(key, now, changes);
        }
        Lease lease = leases.computeIfAbsent(key, unused -> new Lease());
        boolean wasLive = lease.live;
        // An earlier grant's promise still stands, so a grant never shortens a live lease.
        if (!wasLive || expiresAt - lease.expiresAt > 0) {
            lease.expiresAt = expiresAt;
        }
        lease.live = true;
        lease.cancelEnd();
        lease.end = scheduler.schedule(() -> end(key), lease.expiresAt - now, TimeUnit.NANOSECONDS);
        if (!wasLive) {
            changes.add(new Change(key, true));
        }
    }

    /** A grant for a newer epoch means the hub moved on: older epochs of the intent lapse now. */
    private void endOlderEpochs(Key newer, long now, List<Change> changes) {
        for (Map.Entry<Key, Lease> entry : leases.entrySet()) {
            Key key = entry.getKey();
            Lease lease = entry.getValue();
            if (key.intent().equals(newer.intent()) && key.epoch() < newer.epoch() && lease.live) {
                lease.live = false;
                lease.expiresAt = now;
                lease.cancelEnd();
                changes.add(new Change(key, false));
            }
        }
    }

    private void end(Key key) {
        long now = clock.nanoTime();
        synchronized (lock) {
            Lease lease = leases.get(key);
            if (closed || lease == null || !lease.live || lease.expiresAt - now > 0) {
                return;
            }
            lease.live = false;
            lease.end = null;
        }
        announce(List.of(new Change(key, false)));
    }

    private void forgetOldLapses(long now) {
        long memory = LAPSED_MEMORY.toNanos();
        leases.entrySet().removeIf(entry -> !entry.getValue().live && now - entry.getValue().expiresAt > memory);
    }

    private void announce(List<Change> changes) {
        for (Change change : changes) {
            for (LeaseListener listener : listeners) {
                listener.leaseChanged(change.key().intent(), change.key().epoch(), change.live());
            }
        }
    }

    private static Duration validated(LeaseGrant grant) {
        Objects.requireNonNull(grant, "grant");
        if (!grant.hasLeaseDuration()) {
            throw new IllegalArgumentException("lease.lease_duration: missing");
        }
        Duration duration = Duration.ofSeconds(grant.getLeaseDuration().getSeconds(), grant.getLeaseDuration().getNanos());
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease.lease_duration: must be positive, got " + duration);
        }
        for (int i = 0; i < grant.getAssignmentsCount(); i++) {
            LeasedAssignment leased = grant.getAssignments(i);
            if (leased.getIntent().isBlank()) {
                throw new IllegalArgumentException("lease.assignments[" + i + "].intent: must not be empty");
            }
            if (leased.getEpoch() == 0) {
                throw new IllegalArgumentException("lease.assignments[" + i + "].epoch: must be positive (intent "
                        + leased.getIntent() + ")");
            }
        }
        return duration;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private record Key(String intent, long epoch) {
    }

    private record Change(Key key, boolean live) {
    }

    /** One (intent, epoch)'s lease; guarded by the keeper's lock. */
    private static final class Lease {
        private long expiresAt;
        private boolean live;
        private ScheduledFuture<?> end;

        private void cancelEnd() {
            if (end != null) {
                end.cancel(false);
                end = null;
            }
        }
    }
}
