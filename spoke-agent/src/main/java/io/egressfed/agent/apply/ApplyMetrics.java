package io.egressfed.agent.apply;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** Prometheus metrics of the apply loop. One instance per registry. */
public final class ApplyMetrics {

    /** Objects restored after someone else edited or deleted them (label {@code kind}). */
    public static final String DRIFT_CORRECTIONS = "egressfed_agent_drift_corrections_total";
    /** Times a policy's gateway moved from one node to another or to none while the assignment was active. */
    public static final String GATEWAY_REPOINTS = "egressfed_agent_gateway_repoints_total";
    /** Duration of applying one config version, checks and writes included. */
    public static final String APPLY_DURATION = "egressfed_agent_apply_duration_seconds";
    /** Objects the current plans want (label {@code kind}). */
    public static final String OBJECTS_MANAGED = "egressfed_agent_objects_managed";
    /** Last applied and persisted config version. */
    public static final String APPLIED_VERSION = "egressfed_agent_applied_config_version";

    private final Counter driftCorrections;
    private final Counter repoints;
    private final Histogram applyDuration;
    private final Gauge objectsManaged;
    private final Gauge appliedVersion;

    /**
     * Registers the metrics.
     *
     * @param registry the registry
     * @throws IllegalStateException when the registry holds these metrics already
     */
    public ApplyMetrics(PrometheusRegistry registry) {
        driftCorrections = Counter.builder().name(DRIFT_CORRECTIONS)
                .help("Owned objects restored after someone else changed or deleted them")
                .labelNames("kind").register(registry);
        repoints = Counter.builder().name(GATEWAY_REPOINTS)
                .help("Gateway changes of active assignments (node failure, cordon, deletion, VIP move)")
                .register(registry);
        applyDuration = Histogram.builder().name(APPLY_DURATION)
                .help("Time to apply one config version").unit(Unit.SECONDS).register(registry);
        objectsManaged = Gauge.builder().name(OBJECTS_MANAGED)
                .help("Objects the agent keeps in the cluster").labelNames("kind").register(registry);
        appliedVersion = Gauge.builder().name(APPLIED_VERSION)
                .help("Last config version applied and persisted").register(registry);
    }

    void driftCorrected(String kind) {
        driftCorrections.labelValues(kind).inc();
    }

    void repointed() {
        repoints.inc();
    }

    void applied(double seconds) {
        applyDuration.observe(seconds);
    }

    void managed(String kind, int count) {
        objectsManaged.labelValues(kind).set(count);
        // A series at 0 from the start, so dashboards and rate() see the counter before the first correction.
        driftCorrections.labelValues(kind);
    }

    void appliedVersion(long version) {
        appliedVersion.set(version);
    }

    /**
     * Drift corrections so far.
     *
     * @param kind the kind name, e.g. {@code "Service"}
     * @return the count
     */
    public long driftCorrections(String kind) {
        return driftCorrections.labelValues(kind).getLongValue();
    }

    /** @return gateway re-points so far */
    public long repoints() {
        return repoints.getLongValue();
    }

    /**
     * Objects of a kind the agent keeps now.
     *
     * @param kind the kind name
     * @return the count
     */
    public long objectsManaged(String kind) {
        return (long) objectsManaged.labelValues(kind).get();
    }
}
