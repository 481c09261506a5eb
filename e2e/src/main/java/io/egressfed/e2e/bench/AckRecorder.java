package io.egressfed.e2e.bench;

import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, on the monotonic clock, when the hub received each cluster's first ACK of a version newer
 * than the one it had applied when recording began.
 */
final class AckRecorder implements LiveStatusListener {

    private final Map<String, Long> baseline;
    private final Map<String, Long> ackedAtNanos = new ConcurrentHashMap<>();

    /** @param baseline each watched cluster's applied version now */
    AckRecorder(Map<String, Long> baseline) {
        this.baseline = Map.copyOf(baseline);
    }

    @Override
    public void onChange(LiveStatus previous, LiveStatus current) {
        Long before = baseline.get(current.cluster());
        if (before != null && current.appliedVersion() > before) {
            ackedAtNanos.putIfAbsent(current.cluster(), System.nanoTime());
        }
    }

    /** How many watched clusters have ACKed a newer version. */
    int acked() {
        return ackedAtNanos.size();
    }

    /** When each cluster ACKed, by cluster. */
    Map<String, Long> ackedAtNanos() {
        return Map.copyOf(ackedAtNanos);
    }
}
