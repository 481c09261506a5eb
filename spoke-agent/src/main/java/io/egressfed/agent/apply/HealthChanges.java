package io.egressfed.agent.apply;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners when what the health report says about the assignments has changed (healthy, role,
 * gateway node and readiness, VIP host, endpoint, objects present, reason, or the set of assignments), so
 * the hub hears of a failed gateway without waiting for a heartbeat. A pass that changes nothing tells
 * nobody. Listeners register from any thread; {@link #observe(List)} runs on the reconcile thread.
 */
final class HealthChanges {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChanges.class);

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    // Confined to the reconcile thread.
    private List<AgentState.Assignment> last = List.of();

    /**
     * Registers a listener.
     *
     * @param listener called on the reconcile thread after a change; must not block
     * @return unregisters it
     */
    Runnable listen(Runnable listener) {
        Runnable registered = () -> listener.run();
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /**
     * Records the assignments as they are now and tells the listeners if that differs from the last record.
     *
     * @param now the assignments, in config order
     */
    void observe(List<AgentState.Assignment> now) {
        if (now.equals(last)) {
            return;
        }
        last = List.copyOf(now);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // A listener's failure must not stop the reconcile pass; the heartbeat still reports.
                LOG.warn("A health change listener failed: {}", e.toString());
            }
        }
    }
}
