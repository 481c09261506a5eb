package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.auth.Role;
import io.egressfed.hub.auth.StoreAdminTokens;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.validate.Validator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** The admin API core on an in-memory store, with one token per role. */
final class AdminFixture implements AutoCloseable {

    static final String CA_SHA256 = "ab".repeat(32);
    static final String KEY_ID = "cd".repeat(32);

    final Clock clock = Clock.systemUTC();
    final Keys keys = Keys.defaults();
    final InMemoryStore store = new InMemoryStore();
    final TestHub hub = new TestHub(store, keys, clock);
    final InMemoryLiveStatusRegistry liveStatus = new InMemoryLiveStatusRegistry();
    final PrometheusRegistry registry = new PrometheusRegistry();
    final AdminTokens tokens = new StoreAdminTokens(store, keys, new SecureRandom(), clock);
    final AdminMetrics metrics = AdminMetrics.withPoolGauges(registry, hub.resources(), store, keys);
    final AdminOperations operations = new AdminOperations(hub.resources(), store, keys, hub.audit(),
            Validator.create(), liveStatus,
            new EnrollmentTokenService(store, keys, new EnrollmentTokens(new SecureRandom(), clock)),
            EnrollmentSettings.of("hub.test:7443", CA_SHA256, List.of(KEY_ID)),
            () -> HubStatus.newBuilder().setVersion("test").build(), clock);
    final IssuedAdminToken admin = TestHub.await(tokens.ensureInitialAdmin()).orElseThrow();
    final IssuedAdminToken operator = TestHub.await(tokens.create("ops", Role.OPERATOR));
    final IssuedAdminToken viewer = TestHub.await(tokens.create("auditor", Role.VIEWER));

    /** Makes a cluster's agent connected with one ready gateway, as the coordinator's health rule wants. */
    void agentHealthy(String cluster) {
        liveStatus.agentConnected(cluster, 1, io.egressfed.api.v1alpha1.Hello.newBuilder().setCluster(cluster).build(),
                clock.instant());
        liveStatus.healthReported(cluster, io.egressfed.api.v1alpha1.HealthReport.newBuilder().setCluster(cluster)
                .addInventory(io.egressfed.api.v1alpha1.GatewayInventory.newBuilder().setNode(cluster + "-gw-0")
                        .addAddresses("192.0.2.10").setReady(true))
                .build(), clock.instant());
    }

    @Override
    public void close() {
        hub.close();
    }
}
