package io.egressfed.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.testsupport.metrics.MetricFamily;
import io.egressfed.testsupport.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a Prometheus server scraping a hub and an agent gets: valid text exposition (parsed strictly)
 * carrying the metrics the operations guide names, with values that match what happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsExpositionTest {

    private static final String CLUSTER = "eu-west-1";
    private static final String ACTOR = "metrics-test";

    private final HttpClient http = HttpClient.newHttpClient();
    private LabHub lab;
    private LabSpoke spoke;

    @BeforeAll
    void startHubAndOneAgent() throws Exception {
        lab = LabHub.start(LabHub.StoreChoice.MEMORY);
        HubServer hub = lab.hub();
        ExampleManifests examples = ExampleManifests.load(ExampleManifests.locate(Optional.empty()));
        examples.pools().forEach(pool -> hub.resources().create(ResourceKind.POOL, pool, ACTOR).join());
        MemberCluster member = examples.cluster(CLUSTER).orElseThrow();
        // Every example cluster exists (intents name them); only one runs an agent.
        examples.clusters().forEach(cluster -> hub.resources().create(ResourceKind.CLUSTER, cluster, ACTOR).join());
        spoke = LabSpoke.start(ExampleSeeds.seed(examples, CLUSTER, member.getSpec().getBackend(),
                        Optional.of(member.getMetadata().getLabelsMap()), member.getSpec().getGateway().getNodeSelector(),
                        3, 2),
                member.getSpec().getBackend(), ExampleSeeds.gatewayLabels(member.getSpec().getGateway().getNodeSelector()),
                System::nanoTime);
        spoke.connect(new HubAccess(lab.spokeLinkAddress(), hub.caPin(), Set.of(hub.signingKeyId().hex())),
                Optional.of(hub.enrollmentTokens().create(CLUSTER).join().token()));
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.liveStatus().status(CLUSTER)
                .filter(LiveStatus::connected).filter(s -> s.lastHealth().isPresent()).isPresent());
        examples.intents().forEach(intent -> hub.resources().create(ResourceKind.INTENT, intent, ACTOR).join());
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.liveStatus().status(CLUSTER)
                .filter(s -> s.appliedVersion() >= 2 && s.appliedVersion() == s.desiredVersion()).isPresent());
    }

    @AfterAll
    void stop() {
        if (spoke != null) {
            spoke.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theHubExposesLinkConfigPoolRequestCoordinatorAndFailoverMetrics() throws Exception {
        String token = lab.hub().initialAdminToken().orElseThrow().secret();
        HttpResponse<String> pools = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lab.hub().adminPort() + "/api/v1alpha1/pools")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pools.statusCode()).isEqualTo(200);

        Map<String, MetricFamily> metrics = scrape(lab.hub().httpPort());

        long applied = lab.hub().liveStatus().status(CLUSTER).orElseThrow().appliedVersion();
        assertThat(value(metrics, "egressfed_connected_agents", "egressfed_connected_agents", Map.of())).isEqualTo(1.0);
        assertThat(value(metrics, "egressfed_config_desired_version", "egressfed_config_desired_version",
                Map.of("cluster", CLUSTER))).isGreaterThanOrEqualTo(applied);
        assertThat(value(metrics, "egressfed_config_applied_version", "egressfed_config_applied_version",
                Map.of("cluster", CLUSTER))).isEqualTo(applied);
        assertThat(metrics.get("egressfed_config_nacks_total").type()).isEqualTo("counter");
        assertThat(metrics.get("egressfed_config_push_to_ack_seconds").type()).isEqualTo("histogram");
        assertThat(value(metrics, "egressfed_config_push_to_ack_seconds", "egressfed_config_push_to_ack_seconds_count",
                Map.of())).isGreaterThanOrEqualTo(1.0);
        MetricFamily poolSize = metrics.get("egressfed_pool_size");
        assertThat(poolSize.samples()).isNotEmpty().allSatisfy(sample -> assertThat(sample.value()).isPositive());
        assertThat(metrics.get("egressfed_pool_allocated").samples()).anySatisfy(sample ->
                assertThat(sample.value()).isGreaterThanOrEqualTo(1.0));
        assertThat(value(metrics, "egressfed_admin_requests_total", "egressfed_admin_requests_total",
                Map.of("api", "rest", "route", "GET /api/v1alpha1/pools", "code", "200"))).isEqualTo(1.0);
        assertThat(metrics.get("egressfed_coordinator_passes_total").samples()).isNotEmpty();
        assertThat(value(metrics, "egressfed_failovers_total", "egressfed_failovers_total", Map.of("reason", "manual")))
                .isZero();
        assertThat(metrics.get("egressfed_failover_seconds").type()).isEqualTo("histogram");
    }

    @Test
    void theAgentExposesAppliedVersionApplyTimesObjectsAndDriftCorrections() throws Exception {
        Map<String, MetricFamily> metrics = scrape(spoke.agent().orElseThrow().httpPort());

        long applied = lab.hub().liveStatus().status(CLUSTER).orElseThrow().appliedVersion();
        assertThat(value(metrics, "egressfed_agent_applied_config_version", "egressfed_agent_applied_config_version",
                Map.of())).isEqualTo(applied);
        assertThat(metrics.get("egressfed_agent_apply_duration_seconds").type()).isEqualTo("histogram");
        assertThat(metrics.get("egressfed_agent_objects_managed").samples()).anySatisfy(sample ->
                assertThat(sample.value()).isGreaterThanOrEqualTo(1.0));
        assertThat(metrics.get("egressfed_agent_drift_corrections_total").type()).isEqualTo("counter");
        assertThat(metrics.get("egressfed_agent_gateway_repoints_total").type()).isEqualTo("counter");
        assertThat(value(metrics, "egressfed_agent_takeover_exceeds_failover",
                "egressfed_agent_takeover_exceeds_failover", Map.of())).as("0 without leader election").isZero();
    }

    private Map<String, MetricFamily> scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        return PrometheusText.parse(response.body());
    }

    private static double value(Map<String, MetricFamily> metrics, String family, String sample,
                                Map<String, String> labels) {
        assertThat(metrics).containsKey(family);
        return metrics.get(family).value(sample, labels)
                .orElseThrow(() -> new AssertionError("no sample " + sample + labels + " in " + metrics.get(family)));
    }
}
