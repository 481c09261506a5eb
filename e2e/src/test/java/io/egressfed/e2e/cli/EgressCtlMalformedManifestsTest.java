package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed manifests applied through egressctl over the examples: each exits 1 with a message naming
 * the document, the field and the reason, and nothing the hub serves changes. Some are caught while
 * decoding, others by the hub's validation of the whole set; a bad object after good ones in the same
 * file keeps the good ones from being applied too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressCtlMalformedManifestsTest {

    private static final String HEADER = "apiVersion: egressfed.io/v1alpha1\n";
    private static final String GOOD_POOL = HEADER + """
            kind: EgressIPPool
            metadata: {name: spare}
            spec: {cidrs: [198.51.100.128/28]}
            """;

    private CtlLab lab;
    private String before;

    @BeforeAll
    void startHubWithTheExamples(@TempDir Path work) throws Exception {
        lab = new CtlLab(work);
        CtlLab.Run applied = lab.ctl("apply", "-f", CtlLab.EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        // The coordinator writes the intents' status after the apply; compare against the settled state.
        AtomicReference<String> previous = new AtomicReference<>("");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String now = everything();
                    return now.equals(previous.getAndSet(now));
                });
        before = everything();
    }

    @AfterAll
    void stopHub() {
        lab.close();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // Caught while decoding.
                malformed("unknown field", pool("spec: {cidrz: [198.51.100.128/28]}"),
                        "document 1 (EgressIPPool \"bad\")", "spec.cidrz", "unknown field"),
                malformed("scalar where a list belongs", pool("spec: {cidrs: 198.51.100.128/28}"),
                        "document 1", "spec.cidrs", "list"),
                malformed("unknown backend", cluster("spec: {backend: calico}"),
                        "document 1 (MemberCluster \"bad\")", "spec.backend", "unknown value \"calico\""),
                malformed("boolean label value", cluster(
                        "spec: {backend: cilium, gateway: {nodeSelector: {matchLabels: {egress-gateway: true}}}}"),
                        "document 1", "spec.gateway.nodeSelector.matchLabels.egress-gateway", "quote"),
                malformed("misspelt placement mode", intent("pool: eu-public", "mode: Active-Passive"),
                        "document 1 (EgressIntent \"bad\")", "spec.placement.mode", "unknown value \"Active-Passive\""),
                malformed("unknown kind", HEADER + "kind: EgressPool\nmetadata: {name: bad}\n",
                        "document 1", "kind", "EgressPool"),
                malformed("wrong apiVersion", "apiVersion: egressfed.io/v1\nkind: EgressIPPool\nmetadata: {name: bad}\n",
                        "document 1", "apiVersion", "egressfed.io/v1alpha1"),
                malformed("bad second document after a good one", GOOD_POOL + "---\n"
                                + intent("pool: eu-public", "mode: PerCluster").replace("cidrs: [203.0.113.0/24]",
                                "cidrs: [203.0.113.0/24], ports: [443]"),
                        "document 2 (EgressIntent \"bad\")", "spec.destinations.ports[0]", "quote"),
                // Caught by the hub's validation.
                malformed("prefix length beyond 32", pool("spec: {cidrs: [198.51.100.128/33]}"),
                        "document 1 (EgressIPPool \"bad\")", "spec.cidrs[0]", "198.51.100.128/33"),
                malformed("address families mixed", pool("spec: {cidrs: [198.51.100.128/28, 2001:db8:200::/120]}"),
                        "document 1", "spec.cidrs[1]", "IPv"),
                malformed("overlap with an existing pool", pool("spec: {cidrs: [198.51.100.16/28]}"),
                        "document 1", "spec.cidrs[0]", "eu-public"),
                malformed("exclude outside the pool", pool(
                        "spec: {cidrs: [198.51.100.128/28], exclude: [198.51.100.200/32]}"),
                        "document 1", "spec.exclude[0]", "198.51.100.200"),
                malformed("name that is not a DNS label", HEADER
                                + "kind: EgressIPPool\nmetadata: {name: EU_Public}\nspec: {cidrs: [198.51.100.128/28]}\n",
                        "document 1 (EgressIPPool \"EU_Public\")", "metadata.name", "EU_Public"),
                malformed("label key that is not a qualified name", HEADER
                                + "kind: EgressIPPool\nmetadata: {name: bad, labels: {-team: x}}\n"
                                + "spec: {cidrs: [198.51.100.128/28]}\n",
                        "document 1", "metadata.labels", "-team"),
                malformed("unknown pool", intent("pool: nowhere", "mode: PerCluster"),
                        "document 1 (EgressIntent \"bad\")", "spec.egressIP.pool", "nowhere"),
                malformed("pinned address outside the pool", intent("pool: eu-public, address: 198.51.100.99",
                                "mode: ActivePassive"),
                        "document 1", "spec.egressIP.address", "198.51.100.99"),
                malformed("unknown cluster in preference", intent("pool: eu-public",
                                "mode: ActivePassive, preference: [eu-south-9]"),
                        "document 1", "spec.placement.preference[0]", "eu-south-9"),
                malformed("no placement mode", intent("pool: eu-public", "preference: []"),
                        "document 1", "spec.placement.mode", "required"),
                malformed("destination that is not a CIDR", intent("pool: eu-public", "mode: PerCluster")
                                .replace("cidrs: [203.0.113.0/24]", "cidrs: [203.0.113.0/24, 203.0.113.999/32]"),
                        "document 1", "spec.destinations.cidrs[1]", "203.0.113.999"),
                malformed("selector operator that does not exist", intent("pool: eu-public",
                                "mode: PerCluster, clusterSelector: {matchExpressions: [{key: site, operator: Within,"
                                        + " values: [dublin]}]}"),
                        "document 1", "spec.placement.clusterSelector.matchExpressions[0].operator", "Within"),
                malformed("egress interface on a kube-vip cluster", cluster(
                                "spec: {backend: kube-vip, gateway: {interface: eth1}}"),
                        "document 1 (MemberCluster \"bad\")", "spec.gateway.interface", "cilium"),
                malformed("valid pool then a pool overlapping it in the same set", GOOD_POOL + "---\n"
                                + pool("spec: {cidrs: [198.51.100.136/29]}"),
                        "document 2 (EgressIPPool \"bad\")", "spec.cidrs[0]", "spare"),
                malformed("resourceVersion on an object that does not exist", HEADER
                                + "kind: EgressIPPool\nmetadata: {name: bad, resourceVersion: \"7\"}\n"
                                + "spec: {cidrs: [198.51.100.128/28]}\n",
                        "document 1", "metadata.resourceVersion", "does not exist yet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedWithDocumentFieldAndReasonAndChangesNothing(String description, String manifest, String document,
                                                              String field, String reason) {
        Path file = lab.writeFile("malformed.yaml", manifest);

        CtlLab.Run run = lab.ctl("apply", "-f", file.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains(document, field + ": ", reason);
        assertThat(run.out()).isEmpty();
        assertThat(everything()).isEqualTo(before);
    }

    private String everything() {
        StringBuilder state = new StringBuilder();
        for (String kind : List.of("pools", "clusters", "intents")) {
            CtlLab.Run run = lab.ctl("get", kind, "-o", "json");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            state.append(run.out());
        }
        return state.toString();
    }

    private static Arguments malformed(String description, String manifest, String document, String field,
                                       String reason) {
        return Arguments.of(description, manifest, document, field, reason);
    }

    private static String pool(String spec) {
        return HEADER + "kind: EgressIPPool\nmetadata: {name: bad}\n" + spec + "\n";
    }

    private static String cluster(String spec) {
        return HEADER + "kind: MemberCluster\nmetadata: {name: bad, labels: {region: eu}}\n" + spec + "\n";
    }

    private static String intent(String egressIp, String placement) {
        return HEADER + """
                kind: EgressIntent
                metadata: {name: bad}
                spec:
                  workloads: {namespaceSelector: {matchLabels: {team: x}}, podSelector: {matchLabels: {app: x}}}
                  destinations: {cidrs: [203.0.113.0/24]}
                  egressIP: {EGRESS}
                  placement: {PLACEMENT}
                """.replace("EGRESS", egressIp).replace("PLACEMENT", placement);
    }
}
