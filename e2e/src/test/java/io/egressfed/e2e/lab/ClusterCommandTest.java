package io.egressfed.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.state.ResourceKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code egressfed-lab cluster} against a hub, in this JVM: enrolls, reports inventory, applies, stops. */
class ClusterCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aSimulatedClusterEnrollsReportsItsGatewaysAppliesItsConfigAndStopsWhenAsked() throws Exception {
        ExampleManifests examples = ExampleManifests.load(ExampleManifests.locate(Optional.empty()));
        try (LabHub lab = LabHub.start(LabHub.StoreChoice.MEMORY)) {
            HubServer hub = lab.hub();
            for (var pool : examples.pools()) {
                hub.resources().create(ResourceKind.POOL, pool, "test").join();
            }
            hub.resources().create(ResourceKind.CLUSTER, examples.cluster("eu-west-1").orElseThrow(), "test").join();
            IssuedToken token = hub.enrollmentTokens().create("eu-west-1").get(10, TimeUnit.SECONDS);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CountDownLatch stop = new CountDownLatch(1);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> LabMain.commandLine(
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), stop).execute("cluster",
                    "--name", "eu-west-1", "--backend", "cilium", "--nodes", "3", "--gateways", "2",
                    "--hub", lab.spokeLinkAddress(), "--bootstrap-token", token.token().value(),
                    "--hub-ca-sha256", hub.caPin().sha256Hex(), "--hub-signing-key-sha256", hub.signingKeyId().hex()));

            ClusterInventory inventory = await().atMost(PATIENCE).until(
                    () -> hub.resources().getInventory("eu-west-1").join().orElse(null),
                    reported -> reported != null && reported.getGatewaysCount() == 2);
            assertThat(inventory.getGatewaysList()).extracting(GatewayInventory::getNode)
                    .containsExactly("eu-west-1-node-0", "eu-west-1-node-1");
            assertThat(inventory.getGateways(0).getAddressesList()).contains("198.51.100.10");

            hub.resources().create(ResourceKind.INTENT, examples.intents().stream()
                    .filter(i -> i.getMetadata().getName().equals("payments-bank-api")).findFirst().orElseThrow(),
                    "test").join();
            await().atMost(PATIENCE).until(() -> hub.liveStatus().status("eu-west-1")
                    .filter(s -> s.desiredVersion() > 1 && s.appliedVersion() == s.desiredVersion())
                    .map(LiveStatus::connected).orElse(false));

            stop.countDown();
            assertThat(exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
            assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .contains("simulated cluster eu-west-1 (cilium backend)", "fabric8 mock", "link CONNECTED",
                            "stopping");
        }
    }
}
