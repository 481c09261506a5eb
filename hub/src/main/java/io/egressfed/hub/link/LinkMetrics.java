package io.egressfed.hub.link;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The spoke link's metrics, derived from live status changes: connected agents, desired and applied
 * config versions per cluster, NACKs, and the time from a new desired version to the agent's ACK of
 * it (push→ACK latency, as this replica sees it).
 */
public final class LinkMetrics implements LiveStatusListener {

    private final Supplier<Instant> now;
    private final Gauge connected;
    private final Gauge desiredVersion;
    private final Gauge appliedVersion;
    private final Counter nacks;
    private final Histogram pushToAck;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(long version, Instant since) {
    }

    /**
     * Registers the metrics.
     *
     * @param registry where to register
     * @param now the time source
     */
    public LinkMetrics(PrometheusRegistry registry, Supplier<Instant> now) {
        this.now = Objects.requireNonNull(now, "now");
        this.connected = Gauge.builder().name("egressfed_connected_agents")
                .help("Agents with an open spoke-link stream to this hub replica").register(registry);
        this.desiredVersion = Gauge.builder().name("egressfed_config_desired_version")
                .help("Newest config version published for the cluster").labelNames("cluster").register(registry);
        this.appliedVersion = Gauge.builder().name("egressfed_config_applied_version")
                .help("Config version the cluster's agent last ACKed").labelNames("cluster").register(registry);
        this.nacks = Counter.builder().name("egressfed_config_nacks_total")
                .help("Configs an agent refused (NACK)").labelNames("cluster").register(registry);
        this.pushToAck = Histogram.builder().name("egressfed_config_push_to_ack_seconds")
                .help("Time from a new desired config version to the agent's ACK of it")
                .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    }

    @Override
    public void onChange(LiveStatus previous, LiveStatus current) {
        String cluster = current.cluster();
        if (current.connected() && !previous.connected()) {
            // A series at 0 from the first connection, so alerts on increase() work before the first NACK.
            nacks.labelValues(cluster);
        }
        if (previous.connected() != current.connected()) {
            connected.inc(current.connected() ? 1 : -1);
        }
        if (current.desiredVersion() != previous.desiredVersion()) {
            desiredVersion.labelValues(cluster).set(current.desiredVersion());
            if (current.desiredVersion() > current.appliedVersion()) {
                pending.put(cluster, new Pending(current.desiredVersion(), now.get()));
            }
        }
        if (current.appliedVersion() != previous.appliedVersion()) {
            appliedVersion.labelValues(cluster).set(current.appliedVersion());
            Pending waiting = pending.get(cluster);
            if (waiting != null && current.appliedVersion() >= waiting.version()) {
                pending.remove(cluster, waiting);
                pushToAck.observe(Duration.between(waiting.since(), now.get()).toNanos() / 1e9);
            }
        }
        if (current.lastErrorVersion() != previous.lastErrorVersion() && !current.lastError().isEmpty()) {
            nacks.labelValues(cluster).inc();
        }
    }
}
