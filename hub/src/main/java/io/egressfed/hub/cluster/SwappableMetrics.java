package io.egressfed.hub.cluster;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exposes, inside the process's registry, the metrics of whichever instance of a restartable service
 * (the coordinator, rebuilt for every leadership) is current: each instance registers into a fresh
 * registry, so re-registering the same metric names never conflicts. Counters restart from zero with
 * each instance, which Prometheus treats as a counter reset.
 */
public final class SwappableMetrics implements MultiCollector {

    private final AtomicReference<PrometheusRegistry> current = new AtomicReference<>(new PrometheusRegistry());

    /**
     * Creates the collector and registers it.
     *
     * @param registry the process's registry
     * @return the collector
     */
    public static SwappableMetrics registerIn(PrometheusRegistry registry) {
        SwappableMetrics metrics = new SwappableMetrics();
        registry.register(metrics);
        return metrics;
    }

    /**
     * Starts a new instance's metrics; the previous instance's disappear from scrapes.
     *
     * @return the registry the new instance registers into
     */
    public PrometheusRegistry next() {
        PrometheusRegistry fresh = new PrometheusRegistry();
        current.set(fresh);
        return fresh;
    }

    @Override
    public MetricSnapshots collect() {
        return current.get().scrape();
    }
}
