package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.AssignmentHealth;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusListener;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.link.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Feeds the agents' health to the coordinator: asks for a placement pass when a change can alter a
 * decision (a connection flip, a health change, an ACK a withdrawal waits for) and remembers since when
 * each cluster's health has been unchanged, for failback stabilization.
 */
final class HealthTracker implements LiveStatusListener, AutoCloseable {

    /** The part of a live status the health rule reads; a change of it restarts stabilization. */
    private record Signature(boolean connected, boolean anyGatewayReady, Map<String, String> assignments) {
        static Signature of(LiveStatus status) {
            Map<String, String> assignments = new HashMap<>();
            boolean ready = false;
            if (status.lastHealth().isPresent()) {
                for (AssignmentHealth health : status.lastHealth().get().getAssignmentsList()) {
                    assignments.put(health.getIntent(), health.getRole() + "/" + health.getHealthy());
                }
                ready = status.lastHealth().get().getInventoryList().stream().anyMatch(GatewayInventory::getReady);
            }
            return new Signature(status.connected(), ready, Map.copyOf(assignments));
        }
    }

    private final LiveStatusRegistry registry;
    private final LongSupplier nanoTime;
    private final Predicate<String> awaitsAck;
    private final Runnable onRelevantChange;
    private final Map<String, Long> stableSince = new ConcurrentHashMap<>();
    private Subscription subscription;

    /**
     * Creates a tracker; {@link #start()} subscribes.
     *
     * @param registry the live status of every agent
     * @param nanoTime the monotonic clock
     * @param awaitsAck whether an ACK of a cluster can end a withdrawal
     * @param onRelevantChange asks for a placement pass; must not block
     */
    HealthTracker(LiveStatusRegistry registry, LongSupplier nanoTime, Predicate<String> awaitsAck,
                  Runnable onRelevantChange) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.awaitsAck = Objects.requireNonNull(awaitsAck, "awaitsAck");
        this.onRelevantChange = Objects.requireNonNull(onRelevantChange, "onRelevantChange");
    }

    /** Subscribes to the registry. */
    synchronized void start() {
        subscription = registry.addListener(this);
    }

    @Override
    public void onChange(LiveStatus previous, LiveStatus current) {
        boolean healthChanged = !Signature.of(previous).equals(Signature.of(current));
        if (healthChanged) {
            stableSince.put(current.cluster(), nanoTime.getAsLong());
        }
        boolean ackAwaited = current.appliedVersion() != previous.appliedVersion() && awaitsAck.test(current.cluster());
        if (healthChanged || ackAwaited) {
            onRelevantChange.run();
        }
    }

    /**
     * The health of every cluster now. A cluster whose history this tracker does not know is stable from
     * now on: a coordinator that just started cannot vouch for the past.
     *
     * @return the view
     */
    HealthView snapshot() {
        List<LiveStatus> all = registry.all();
        Map<String, LiveStatus> statuses = new HashMap<>();
        long now = nanoTime.getAsLong();
        for (LiveStatus status : all) {
            statuses.put(status.cluster(), status);
            stableSince.putIfAbsent(status.cluster(), now);
        }
        return new HealthView(statuses, stableSince);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
