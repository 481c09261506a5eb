package io.egressfed.hub.store;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus metrics of the store layer. Create one per registry and share it between watchers
 * (a registry refuses a second metric of the same name).
 */
public final class StoreMetrics {

    /** Name of the re-list counter as exposed (label {@code prefix}). */
    public static final String RELISTS_TOTAL = "egressfed_store_watch_relists_total";

    private final Counter relists;

    /**
     * Registers the store metrics.
     *
     * @param registry the registry to register with (never the static default in tests)
     * @throws IllegalStateException when the registry already has these metrics
     */
    public StoreMetrics(PrometheusRegistry registry) {
        this.relists = Counter.builder()
                .name(RELISTS_TOTAL)
                .help("Full re-lists of a watched store prefix after its watch could not resume (compaction)")
                .labelNames("prefix")
                .register(registry);
    }

    /**
     * Counts one re-list of {@code prefix}.
     *
     * @param prefix the watched prefix
     */
    void recordRelist(String prefix) {
        relists.labelValues(prefix).inc();
    }

    /**
     * How often {@code prefix} was re-listed so far.
     *
     * @param prefix the watched prefix
     * @return the counter's value
     */
    public long relists(String prefix) {
        return relists.labelValues(prefix).getLongValue();
    }
}
