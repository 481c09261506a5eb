package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the ActivePassive leases of the agent streams this replica holds.
 *
 * <p>On every tick (the heartbeat interval) and right after a config push, it records t0 on the monotonic
 * clock, then does one linearizable list of {@code placement/}: a cluster is granted (intent, epoch) for
 * every placement whose {@code active_clusters} names it, for {@code lease - (now - t0)}, so that a lease
 * never outlives the read it rests on by more than the configured lease. When the read fails, or the
 * remainder is not positive, nothing is granted: agents then fence themselves before their lease ends.
 * Every grant also tells the agent how long after it the hub may activate another cluster once the agent
 * falls silent (lease + margin), so that agent replicas can check their takeover is faster than that.
 * Thread-safe.
 */
public final class LeaseGranter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseGranter.class);
    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final long leaseNanos;
    private final Duration failoverAfter;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final Set<LeaseHolder> holders = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> ticker;

    /**
     * Creates a granter; {@link #start()} begins the ticks.
     *
     * @param store the store holding the placements (reads must be linearizable)
     * @param keys the key layout
     * @param leaseDuration the configured lease (the most a grant gives)
     * @param leaseMargin what the coordinator adds to the lease before it activates another cluster for an
     *     assignment whose holder fell silent ({@code --lease-margin})
     * @param interval how often every held stream is granted (the heartbeat interval)
     * @param scheduler runs the ticks
     * @param nanoTime the monotonic clock ({@code System::nanoTime})
     * @throws IllegalArgumentException when the lease or interval is not positive, or the margin is negative
     */
    public LeaseGranter(Store store, Keys keys, Duration leaseDuration, Duration leaseMargin, Duration interval,
                        ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        requirePositive("leaseDuration", leaseDuration);
        Objects.requireNonNull(leaseMargin, "leaseMargin");
        if (leaseMargin.isNegative()) {
            throw new IllegalArgumentException("leaseMargin: must not be negative, got " + leaseMargin);
        }
        requirePositive("interval", interval);
        this.leaseNanos = leaseDuration.toNanos();
        this.failoverAfter = leaseDuration.plus(leaseMargin);
        this.interval = interval;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Starts granting every held stream once per interval. */
    public synchronized void start() {
        if (ticker == null) {
            ticker = scheduler.scheduleAtFixedRate(() -> grantAll().exceptionally(error -> {
                log.warn("no lease granted on this tick: {}", error.toString());
                return null;
            }),
                    interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Grants every held stream now, from one read.
     *
     * @return completes when the grants are handed to the streams (or nothing was granted)
     */
    public CompletableFuture<Void> grantAll() {
        return grant(List.copyOf(holders));
    }

    /**
     * Starts granting a stream on every tick.
     *
     * @param holder the stream
     * @return the handle that stops it
     */
    Subscription hold(LeaseHolder holder) {
        holders.add(Objects.requireNonNull(holder, "holder"));
        return () -> holders.remove(holder);
    }

    /**
     * Grants one stream now, from its own read (after a config push).
     *
     * @param holder the stream
     * @return completes when the grant is handed to the stream (or nothing was granted)
     */
    CompletableFuture<Void> grantNow(LeaseHolder holder) {
        return grant(List.of(holder));
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    private CompletableFuture<Void> grant(Collection<LeaseHolder> to) {
        if (to.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long t0 = nanoTime.getAsLong();
        CompletableFuture<Listing> read;
        try {
            read = store.list(keys.placements());
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.handle((listing, error) -> {
            if (error != null) {
                log.warn("no lease granted: placements could not be read ({})", error.toString());
                return null;
            }
            long computedAt = nanoTime.getAsLong();
            long remaining = leaseNanos - (computedAt - t0);
            if (remaining <= 0) {
                log.warn("no lease granted: reading placements took {} ms, longer than the lease",
                        TimeUnit.NANOSECONDS.toMillis(computedAt - t0));
                return null;
            }
            Map<String, List<LeasedAssignment>> byCluster = leasesByCluster(listing);
            for (LeaseHolder holder : to) {
                List<LeasedAssignment> leased = byCluster.getOrDefault(holder.cluster(), List.of());
                if (!leased.isEmpty()) {
                    holder.grantLease(leased, remaining, computedAt, failoverAfter);
                }
            }
            return null;
        });
    }

    private static Map<String, List<LeasedAssignment>> leasesByCluster(Listing listing) {
        Map<String, List<LeasedAssignment>> byCluster = new HashMap<>();
        for (KeyValue kv : listing.items()) {
            PlacementDecision decision = PLACEMENTS.decode(kv).value();
            LeasedAssignment leased = LeasedAssignment.newBuilder().setIntent(decision.getIntent())
                    .setEpoch(decision.getEpoch()).build();
            for (String cluster : decision.getActiveClustersList()) {
                byCluster.computeIfAbsent(cluster, c -> new ArrayList<>()).add(leased);
            }
        }
        return byCluster;
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }
}
