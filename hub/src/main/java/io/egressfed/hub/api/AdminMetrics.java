package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's metrics: requests by API, route and outcome, and the size and use of every pool
 * (read from the store at scrape time, so they are right on every replica).
 *
 * <ul>
 *   <li>{@code egressfed_admin_requests_total{api, route, code}}: {@code api} is {@code rest} or
 *       {@code grpc}; {@code route} a route template ({@code GET /api/v1alpha1/intents/{name}}) or a gRPC
 *       method ({@code egressfed.v1alpha1.EgressAdmin/GetIntent}); {@code code} the HTTP status or the gRPC code name.
 *   <li>{@code egressfed_pool_size{pool}}: allocatable addresses (cidrs minus exclude).
 *   <li>{@code egressfed_pool_allocated{pool}}: addresses allocated from the pool.
 * </ul>
 */
public final class AdminMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(AdminMetrics.class);
    /** A scrape must not hang on a slow store; it then reports no pool figures. */
    private static final Duration SCRAPE_READ_TIMEOUT = Duration.ofSeconds(2);

    private final Counter requests;

    /**
     * Registers the request counter only.
     *
     * @param registry where to register
     */
    public AdminMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder().name("egressfed_admin_requests_total")
                .help("Admin API requests by API (rest, grpc), route and result code")
                .labelNames("api", "route", "code")
                .register(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Registers the request counter and the pool gauges.
     *
     * @param registry where to register
     * @param resources reads the pools
     * @param store reads the allocations
     * @param keys the key layout
     * @return the metrics
     */
    public static AdminMetrics withPoolGauges(PrometheusRegistry registry, ResourceService resources, Store store,
                                              Keys keys) {
        AdminMetrics metrics = new AdminMetrics(registry);
        PoolUsage usage = new PoolUsage(store, keys);
        GaugeWithCallback.builder().name("egressfed_pool_size")
                .help("Allocatable addresses of the pool (cidrs minus exclude)")
                .labelNames("pool")
                .callback(callback -> pools(resources).forEach(pool -> PoolUsage.size(pool)
                        .ifPresent(size -> callback.call(size.doubleValue(),
                                pool.getMetadata().getName()))))
                .register(registry);
        GaugeWithCallback.builder().name("egressfed_pool_allocated")
                .help("Addresses allocated from the pool")
                .labelNames("pool")
                .callback(callback -> {
                    Map<String, Long> allocated = read(usage.allocatedByPool(), Map.of());
                    pools(resources).forEach(pool -> callback.call(
                            allocated.getOrDefault(pool.getMetadata().getName(), 0L),
                            pool.getMetadata().getName()));
                })
                .register(registry);
        return metrics;
    }

    /**
     * Counts one request.
     *
     * @param api {@code rest} or {@code grpc}
     * @param route the route template or gRPC method
     * @param code the HTTP status or gRPC code name
     */
    public void record(String api, String route, String code) {
        requests.labelValues(api, route, code).inc();
    }

    private static List<EgressIPPool> pools(ResourceService resources) {
        return read(resources.list(ResourceKind.POOL), List.of());
    }

    private static <T> T read(CompletableFuture<T> future, T whenUnavailable) {
        try {
            return future.get(SCRAPE_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return whenUnavailable;
        } catch (ExecutionException | TimeoutException unavailable) {
            LOG.warn("pool metrics skipped in this scrape: {}", unavailable.toString());
            return whenUnavailable;
        }
    }
}
