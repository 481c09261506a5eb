package io.egressfed.agent.apply;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/** Prometheus metrics of lease fencing. One instance per registry. */
public final class LeaseMetrics {

    /** Times an ActivePassive assignment that was held got fenced because no live lease covered it. */
    public static final String LEASE_FENCES = "egressfed_agent_lease_fences_total";
    /** Time left on the shortest lease among the held assignments; no sample while none is held. */
    public static final String LEASE_REMAINING = "egressfed_agent_lease_remaining_seconds";

    private final Counter fences;
    private final GaugeWithCallback remaining;

    /**
     * Registers the metrics.
     *
     * @param registry         the registry
     * @param remainingSeconds the shortest time left among held assignments, empty when none is held;
     *                         read at every scrape
     * @throws IllegalStateException when the registry holds these metrics already
     */
    public LeaseMetrics(PrometheusRegistry registry, Supplier<OptionalDouble> remainingSeconds) {
        fences = Counter.builder().name(LEASE_FENCES)
                .help("ActivePassive assignments fenced because their lease from the hub ran out")
                .register(registry);
        remaining = GaugeWithCallback.builder().name(LEASE_REMAINING)
                .help("Time left on the shortest lease among held ActivePassive assignments").unit(Unit.SECONDS)
                .callback(callback -> remainingSeconds.get().ifPresent(callback::call))
                .register(registry);
    }

    void fenced() {
        fences.inc();
    }

    /** @return lease fences so far */
    public long fences() {
        return fences.getLongValue();
    }

    /** @return the gauge's value now, empty when no assignment is held */
    public OptionalDouble remainingSeconds() {
        Optional<GaugeSnapshot.GaugeDataPointSnapshot> point = remaining.collect().getDataPoints().stream().findFirst();
        return point.map(p -> OptionalDouble.of(p.getValue())).orElse(OptionalDouble.empty());
    }
}
