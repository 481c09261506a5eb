package io.egressfed.e2e.lab.kubevip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.GatewayNodeSimulator;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.cluster.SimulatedNamespace;
import io.egressfed.e2e.lab.cluster.SimulatedPod;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeVipSimulatorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private SimulatedCluster cluster;
    private KubeVipSimulator kubeVip;
    private GatewayNodeSimulator gateways;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start(new ClusterSeed("kv", ClusterSeed.nodes("kv", 4, 3, List.of()),
                List.of(new SimulatedNamespace("billing", Map.of("team", "billing"), List.of(
                        new SimulatedPod("card-gateway-0", Map.of("app", "card-gateway"), "kv-node-1"),
                        new SimulatedPod("card-gateway-1", Map.of("app", "card-gateway"), "kv-node-2"))))));
        kubeVip = KubeVipSimulator.start(cluster.client(), Map.of("egress-gateway", "true"), "kv");
        gateways = new GatewayNodeSimulator(cluster.client(), System::nanoTime);
    }

    @AfterEach
    void stop() {
        kubeVip.close();
        cluster.close();
    }

    @Test
    void electsAKubeVipNodeForASelectorlessVipAndMovesItWhenThatNodeFails() {
        create(service("vip", Map.of(), "Cluster", Map.of(KubeVipSimulator.LOADBALANCER_IPS, "198.51.100.20")));

        String first = awaitHost("vip");
        assertThat(first).isIn("kv-node-0", "kv-node-1", "kv-node-2");
        assertThat(ingress("vip")).containsExactly("198.51.100.20");
        assertThat(annotations("vip")).doesNotContainKey(KubeVipSimulator.ACTIVE_ENDPOINT);

        gateways.fail(first, NodeFailure.NOT_READY);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(annotations("vip").get(KubeVipSimulator.VIP_HOST)).isNotNull().isNotEqualTo(first)
                        .isIn("kv-node-0", "kv-node-1", "kv-node-2"));
        assertThat(ingress("vip")).containsExactly("198.51.100.20");
    }

    @Test
    void anEgressServiceWithLocalPolicyIsHeldWhereItsPodRunsAndNamesThatOnePod() {
        create(service("card", Map.of("app", "card-gateway", "statefulset.kubernetes.io/pod-name", "card-gateway-0"),
                "Local", Map.of(KubeVipSimulator.LOADBALANCER_IPS, "198.51.100.21", KubeVipSimulator.EGRESS, "true")));
        cluster.client().pods().inNamespace("billing").withName("card-gateway-0").edit(pod -> {
            pod.getMetadata().getLabels().put("statefulset.kubernetes.io/pod-name", "card-gateway-0");
            return pod;
        });

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(annotations("card"))
                .containsEntry(KubeVipSimulator.VIP_HOST, "kv-node-1")
                .containsEntry(KubeVipSimulator.ACTIVE_ENDPOINT, podIp("card-gateway-0")));
        assertThat(ingress("card")).containsExactly("198.51.100.21");
    }

    @Test
    void theVipIsReleasedWhenNoCandidateNodeIsLeft() {
        create(service("lonely", Map.of("app", "card-gateway"), "Local",
                Map.of(KubeVipSimulator.LOADBALANCER_IPS, "198.51.100.22", KubeVipSimulator.EGRESS, "true")));
        String host = awaitHost("lonely");
        String other = host.equals("kv-node-1") ? "kv-node-2" : "kv-node-1";

        gateways.fail(host, NodeFailure.DELETE);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(annotations("lonely")).containsEntry(KubeVipSimulator.VIP_HOST, other));
        gateways.fail(other, NodeFailure.NOT_READY);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(annotations("lonely")).doesNotContainKeys(KubeVipSimulator.VIP_HOST,
                    KubeVipSimulator.ACTIVE_ENDPOINT);
            assertThat(ingress("lonely")).isEmpty();
        });

        gateways.restore(other);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(annotations("lonely")).containsEntry(KubeVipSimulator.VIP_HOST, other));
    }

    @Test
    void announcesKubeVipAsInstalledTheWayAgentsDetectIt() {
        assertThat(cluster.client().apps().daemonSets().inNamespace("kube-system").list().getItems())
                .extracting(ds -> ds.getMetadata().getName()).containsExactly(KubeVipSimulator.DAEMON_SET);
        assertThat(cluster.client().apps().daemonSets().inNamespace("kube-system").withName(KubeVipSimulator.DAEMON_SET)
                .get().getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("egress-gateway", "true");
    }

    @Test
    void ignoresServicesThatAskNothingOfKubeVip() {
        create(service("plain", Map.of("app", "card-gateway"), "Cluster", Map.of()).edit()
                .editSpec().withType("ClusterIP").endSpec().build());
        create(service("marker", Map.of(), "Cluster", Map.of(KubeVipSimulator.LOADBALANCER_IPS, "198.51.100.23")));

        awaitHost("marker");
        assertThat(annotations("plain")).doesNotContainKey(KubeVipSimulator.VIP_HOST);
        assertThat(ingress("plain")).isEmpty();
    }

    private static Service service(String name, Map<String, String> selector, String trafficPolicy,
            Map<String, String> annotations) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace("billing").withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").withSelector(selector)
                .withExternalTrafficPolicy(trafficPolicy)
                .addNewPort().withPort(1).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    private void create(Service service) {
        cluster.client().services().inNamespace("billing").resource(service).create();
    }

    private String awaitHost(String service) {
        return await().atMost(PATIENCE).until(() -> annotations(service).get(KubeVipSimulator.VIP_HOST),
                host -> host != null);
    }

    private Map<String, String> annotations(String service) {
        Map<String, String> annotations = cluster.client().services().inNamespace("billing").withName(service).get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private List<String> ingress(String service) {
        Service current = cluster.client().services().inNamespace("billing").withName(service).get();
        if (current.getStatus() == null || current.getStatus().getLoadBalancer() == null
                || current.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return current.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp).toList();
    }

    private String podIp(String pod) {
        return cluster.client().pods().inNamespace("billing").withName(pod).get().getStatus().getPodIP();
    }
}
