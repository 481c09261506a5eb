package io.egressfed.e2e.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole demo, in this JVM, on the in-memory store, against a copy of the repository's examples.
 * Timings are printed by the demo, never asserted.
 */
class LabDemoTest {

    /** A kube-vip intent whose destination port range kube-vip cannot express. */
    private static final String RANGE_INTENT = """
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIntent
            metadata:
              name: lab-port-range
            spec:
              workloads:
                namespaceSelector:
                  matchLabels:
                    team: billing
                podSelector:
                  matchLabels:
                    app: card-gateway
                    statefulset.kubernetes.io/pod-name: card-gateway-1
              destinations:
                cidrs:
                  - 203.0.113.64/26
                ports:
                  - "9000-9001"
              egressIP:
                pool: eu-public
              placement:
                clusterSelector:
                  matchLabels:
                    site: frankfurt
                mode: PerCluster
            """;

    @Test
    void convergesOnEveryBackendPrintsWhatWasWrittenAndMeasuresTheRePoint(@TempDir Path temp) throws Exception {
        Path examples = copyOfExamples(temp);
        // kube-vip takes single destination ports; the demo must show a working kube-vip assignment.
        Path intents = examples.resolve("intents.yaml");
        Files.writeString(intents, Files.readString(intents).replace("\"8443-8444\"", "\"8443\""));
        Path summaryFile = temp.resolve("out/summary.json");

        String output = runDemo(examples, summaryFile);

        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("refusals")).isEmpty();
        assertThat(summary.get("clusters")).extracting(c -> c.get("name").asText())
                .containsExactly("eu-west-1", "eu-central-1", "eu-north-1");
        JsonNode ledger = assignment(summary, "eu-west-1", "ledger-partner-sftp");
        assertThat(ledger.get("role").asText()).isEqualTo("Active");
        assertThat(ledger.get("ip").asText()).isEqualTo("198.51.100.10");
        assertThat(ledger.get("gatewayNode").asText()).startsWith("eu-west-1-node-");
        JsonNode card = assignment(summary, "eu-central-1", "billing-card-gateway");
        assertThat(card.get("vipHost").asText()).isNotEmpty();
        assertThat(card.get("activeEndpoint").asText()).startsWith("10.244.");
        assertThat(assignment(summary, "eu-north-1", "payments-bank-api").get("vipHost").asText()).isNotEmpty();

        List<String> kinds = new ArrayList<>();
        summary.get("backendObjects").forEach(o -> kinds.add(o.get("cluster").asText() + "/" + o.get("kind").asText()));
        assertThat(kinds).contains("eu-west-1/CiliumEgressGatewayPolicy", "eu-central-1/Service",
                "eu-north-1/CiliumEgressGatewayPolicy", "eu-north-1/Service");
        JsonNode service = object(summary, "eu-central-1", "Service");
        assertThat(service.at("/object/metadata/annotations/kube-vip.io~1egress").asText()).isEqualTo("true");
        assertThat(service.at("/object/metadata/namespace").asText()).isEqualTo("billing");

        JsonNode failover = summary.get("failover");
        assertThat(failover.get("cluster").asText()).isEqualTo("eu-west-1");
        assertThat(failover.get("moves")).isNotEmpty().allSatisfy(move -> {
            assertThat(move.get("heldBy").asText()).isNotEmpty();
            assertThat(move.get("gatewayNodeAfter").asText()).isNotEqualTo(failover.get("node").asText());
            assertThat(move.get("heldAgainAfterMillis").asDouble()).isPositive();
        });

        assertThat(output).contains("simulated", "eu-central-1 (kube-vip)", "CiliumEgressGatewayPolicy egressfed-",
                "Re-point time", "Done in");
        System.out.println(output);
    }

    @Test
    void anAssignmentTheBackendCannotExpressIsReportedAsRefusedAndTheRestStillConverges(@TempDir Path temp)
            throws Exception {
        Path examples = copyOfExamples(temp);
        Path intents = examples.resolve("intents.yaml");
        Files.writeString(intents, Files.readString(intents) + RANGE_INTENT);
        Path summaryFile = temp.resolve("summary.json");

        String output = runDemo(examples, summaryFile);

        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("refusals")).anySatisfy(refusal -> {
            assertThat(refusal.get("cluster").asText()).isEqualTo("eu-central-1");
            assertThat(refusal.get("intent").asText()).isEqualTo("lab-port-range");
            assertThat(refusal.get("reason").asText()).contains("9000-9001");
        });
        assertThat(assignment(summary, "eu-west-1", "ledger-partner-sftp").get("role").asText()).isEqualTo("Active");
        assertThat(output).contains("Refused", "lab-port-range");
    }

    private static String runDemo(Path examples, Path summaryFile) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new Demo(new Demo.Options(Optional.of(examples), Optional.of(summaryFile), LabHub.StoreChoice.MEMORY, 3, 2,
                    Duration.ofSeconds(60)), out).run();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Path copyOfExamples(Path temp) throws IOException {
        Path source = ExampleManifests.locate(Optional.empty());
        Path copy = Files.createDirectories(temp.resolve("examples"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static JsonNode assignment(JsonNode summary, String cluster, String intent) {
        for (JsonNode a : summary.get("assignments")) {
            if (a.get("cluster").asText().equals(cluster) && a.get("intent").asText().equals(intent)) {
                return a;
            }
        }
        throw new AssertionError("no assignment of " + intent + " in " + cluster + ": " + summary.get("assignments"));
    }

    private static JsonNode object(JsonNode summary, String cluster, String kind) {
        for (JsonNode o : summary.get("backendObjects")) {
            if (o.get("cluster").asText().equals(cluster) && o.get("kind").asText().equals(kind)) {
                return o;
            }
        }
        throw new AssertionError("no " + kind + " written in " + cluster);
    }
}
