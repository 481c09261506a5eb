package io.egressfed.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed manifests: each error names the document, the exact field path and the reason. */
class ManifestCodecErrorsTest {

  private static final String HEADER = "apiVersion: egressfed.io/v1alpha1\n";
  private static final String CLUSTER = HEADER + """
      kind: MemberCluster
      metadata:
        name: eu-west-1
      spec:
        backend: cilium
      """;

  private final ManifestCodec codec = ManifestCodec.create();

  /** One malformed input and the single error it must produce. */
  record BadManifest(String description, String yaml, int document, String path, String reason, int line) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<BadManifest> badManifests() {
    return Stream.of(
        new BadManifest("unknown kind", HEADER + """
            kind: EgressPool
            metadata: {name: eu-public}
            """, 1, "kind",
            "unknown kind \"EgressPool\"; known kinds: EgressIPPool, MemberCluster, EgressIntent;"
                + " did you mean EgressIPPool?", 2),
        new BadManifest("missing kind", HEADER + """
            metadata: {name: eu-public}
            """, 1, "kind", "missing; expected one of EgressIPPool, MemberCluster, EgressIntent", 1),
        new BadManifest("wrong apiVersion", """
            apiVersion: egressfed.io/v1
            kind: EgressIPPool
            metadata: {name: eu-public}
            """, 1, "apiVersion", "unsupported apiVersion \"egressfed.io/v1\"; expected egressfed.io/v1alpha1", 1),
        new BadManifest("missing apiVersion", """
            kind: EgressIPPool
            metadata: {name: eu-public}
            """, 1, "apiVersion", "missing; expected egressfed.io/v1alpha1", 1),
        new BadManifest("unknown field in spec", HEADER + """
            kind: EgressIPPool
            metadata: {name: eu-public}
            spec:
              cidr: [198.51.100.0/27]
            """, 1, "spec.cidr", "unknown field \"cidr\"; did you mean \"cidrs\"?", 5),
        new BadManifest("unknown nested field, nothing close", HEADER + """
            kind: EgressIntent
            metadata: {name: payments}
            spec:
              placement:
                clusterSelector:
                  regions: [eu]
            """, 1, "spec.placement.clusterSelector.regions",
            "unknown field \"regions\"; known fields: matchLabels, matchExpressions", 7),
        new BadManifest("proto field name instead of json_name", HEADER + """
            kind: EgressIntent
            metadata: {name: payments}
            spec:
              egress_ip: {pool: eu-public}
            """, 1, "spec.egress_ip", "unknown field \"egress_ip\"; did you mean \"egressIP\"?", 5),
        new BadManifest("scalar where a list is expected", HEADER + """
            kind: EgressIntent
            metadata: {name: payments}
            spec:
              destinations:
                cidrs: 203.0.113.0/24
            """, 1, "spec.destinations.cidrs", "expected a list, got a string \"203.0.113.0/24\"", 6),
        new BadManifest("list where a mapping is expected", HEADER + """
            kind: MemberCluster
            metadata:
              name: eu-west-1
              labels: [region, eu]
            """, 1, "metadata.labels", "expected a mapping, got a list", 5),
        new BadManifest("non-integer for int64", HEADER + """
            kind: EgressIPPool
            metadata:
              name: eu-public
              generation: three
            """, 1, "metadata.generation", "expected an integer, got a string \"three\"", 5),
        new BadManifest("fraction for int64", HEADER + """
            kind: EgressIPPool
            metadata: {name: eu-public}
            status:
              allocated: 1.5
            """, 1, "status.allocated", "expected an integer, got a number 1.5", 5),
        new BadManifest("bad enum value", HEADER + """
            kind: EgressIntent
            metadata: {name: payments}
            spec:
              placement:
                mode: Active-Passive
            """, 1, "spec.placement.mode",
            "unknown value \"Active-Passive\"; allowed: PerCluster, ActivePassive", 6),
        new BadManifest("UNSPECIFIED is never accepted", HEADER + """
            kind: MemberCluster
            metadata: {name: eu-west-1}
            spec:
              backend: BACKEND_UNSPECIFIED
            """, 1, "spec.backend",
            "unknown value \"BACKEND_UNSPECIFIED\"; allowed: cilium, kube-vip, cilium-vip", 5),
        new BadManifest("bad timestamp", HEADER + """
            kind: EgressIPPool
            metadata:
              name: eu-public
              creationTimestamp: yesterday
            """, 1, "metadata.creationTimestamp",
            "invalid timestamp \"yesterday\": expected RFC 3339, e.g. \"2024-05-01T10:00:00Z\"", 5),
        new BadManifest("number where a string is expected", HEADER + """
            kind: EgressIntent
            metadata: {name: billing}
            spec:
              destinations:
                ports: ["443", 8443]
            """, 1, "spec.destinations.ports[1]",
            "expected a string, got an integer 8443; quote it to make it a string: \"8443\"", 6),
        new BadManifest("boolean where a string is expected, in a map", HEADER + """
            kind: MemberCluster
            metadata: {name: eu-west-1}
            spec:
              gateway:
                nodeSelector:
                  matchLabels:
                    egress-gateway: true
            """, 1, "spec.gateway.nodeSelector.matchLabels.egress-gateway",
            "expected a string, got a boolean true; quote it to make it a string: \"true\"", 8),
        new BadManifest("quoted boolean", HEADER + """
            kind: MemberCluster
            metadata: {name: eu-west-1}
            status:
              connected: "true"
            """, 1, "status.connected", "expected a boolean, got a string \"true\"; write true without quotes", 5),
        new BadManifest("duplicate map key", HEADER + """
            kind: MemberCluster
            metadata:
              name: eu-west-1
              labels:
                team: a
                team: b
            """, 1, "metadata.labels.team", "duplicate key", 7),
        new BadManifest("error in the third document", CLUSTER + "---\n" + CLUSTER + "---\n" + HEADER + """
            kind: EgressIntent
            metadata: {name: payments}
            spec:
              destinations:
                cidrs: [203.0.113.0/24, [203.0.113.128/25]]
            """, 3, "spec.destinations.cidrs[1]", "expected a string, got a list", 20),
        new BadManifest("YAML syntax error in the second document", CLUSTER + "---\n" + HEADER + """
            kind: MemberCluster
            metadata:
              name: eu-central-1
             labels: {region: eu}
            """, 2, "", "invalid YAML", 12),
        new BadManifest("error inside a List", """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: egressfed.io/v1alpha1
                kind: MemberCluster
                metadata: {name: eu-west-1}
              - apiVersion: egressfed.io/v1alpha1
                kind: MemberCluster
                metadata: {name: eu-north-1}
                spec: {backend: cilium_vip}
            """, 1, "items[1].spec.backend",
            "unknown value \"cilium_vip\"; allowed: cilium, kube-vip, cilium-vip", 10),
        new BadManifest("error inside a JSON array", """
            [{"apiVersion": "egressfed.io/v1alpha1", "kind": "MemberCluster", "metadata": {"name": "a"}},
             {"apiVersion": "egressfed.io/v1alpha1", "kind": "MemberCluster", "metadata": {"name": 7}}]
            """, 1, "[1].metadata.name", "expected a string, got an integer 7", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badManifests")
  void malformedManifestIsRejectedWithDocumentPathAndReason(BadManifest bad) {
    ManifestException thrown = catchThrowableOfType(
        ManifestException.class, () -> codec.decode(bad.yaml(), "bad.yaml"));

    assertThat(thrown).as("decoding must fail").isNotNull();
    assertThat(thrown.errors()).hasSize(1);
    ManifestError error = thrown.errors().get(0);
    assertThat(error.document()).isEqualTo(bad.document());
    assertThat(error.path()).isEqualTo(bad.path());
    assertThat(error.reason()).startsWith(bad.reason());
    assertThat(error.line()).isEqualTo(bad.line());
    assertThat(error.source()).isEqualTo("bad.yaml");
    assertThat(thrown.getMessage())
        .contains("document " + bad.document())
        .contains(bad.path())
        .contains(bad.reason())
        .contains("line " + bad.line());
  }

  @Test
  void messageReadsLikeASentenceWithObjectAndPosition() {
    String yaml = CLUSTER + "---\n" + HEADER + """
        kind: EgressIntent
        metadata: {name: x}
        spec:
          placement: {mode: Active-Passive}
        """;

    assertThatThrownBy(() -> codec.decode(yaml, "intents.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("document 2 (EgressIntent \"x\"): spec.placement.mode: unknown value \"Active-Passive\";"
            + " allowed: PerCluster, ActivePassive (intents.yaml, line 12, column 21)");
  }

  @Test
  void allErrorsOfAllDocumentsAreReportedAndNothingIsReturned() {
    String yaml = HEADER + """
        kind: EgressIntent
        metadata:
          name: payments
          labels: {team: 42}
        spec:
          destinations: {cidrs: 203.0.113.0/24}
          placement: {mode: Sometimes, failback: Auto}
        ---
        """ + CLUSTER + "---\n" + HEADER + """
        kind: MemberCluster
        metadata: {name: eu-north-1}
        spec: {backend: vip}
        """;

    ManifestException thrown = catchThrowableOfType(ManifestException.class, () -> codec.decode(yaml));

    assertThat(thrown.errors()).extracting(ManifestError::document, ManifestError::path).containsExactly(
        tuple(1, "metadata.labels.team"),
        tuple(1, "spec.destinations.cidrs"),
        tuple(1, "spec.placement.mode"),
        tuple(3, "spec.backend"));
    assertThat(thrown.getMessage()).startsWith("4 errors:");
  }

  @Test
  void nullStructureAtTheRootIsNotAnObject() {
    ManifestException thrown = catchThrowableOfType(
        ManifestException.class, () -> codec.decode("just a string\n"));

    assertThat(thrown.errors()).singleElement().satisfies(error -> {
      assertThat(error.document()).isEqualTo(1);
      assertThat(error.reason()).isEqualTo(
          "expected a mapping with apiVersion and kind, or a list of them, got a string \"just a string\"");
    });
  }

  @Test
  void javaTypeTagsAreRefusedWithoutInstantiatingAnything() {
    String yaml = HEADER + """
        kind: MemberCluster
        metadata: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1/"]]]]
        """;

    ManifestException thrown = catchThrowableOfType(ManifestException.class, () -> codec.decode(yaml));

    assertThat(thrown.errors()).singleElement().satisfies(error -> {
      assertThat(error.document()).isEqualTo(1);
      assertThat(error.reason()).contains("javax.script.ScriptEngineManager");
    });
  }

  @Test
  void decodingStopsAtTheConfiguredLimits() {
    ManifestCodec small = ManifestCodec.create(new ManifestLimits(1 << 20, 300, 2, 1, 50));
    String twoAliases = HEADER + """
        kind: MemberCluster
        metadata: {name: a, labels: &l {x: y}, annotations: *l}
        spec: {gateway: {nodeSelector: {matchLabels: *l}}}
        """;
    String bigDocument = HEADER + "kind: MemberCluster\nmetadata: {name: " + "a".repeat(400) + "}\n";

    assertThat(errorsOf(small, CLUSTER + "---\n" + CLUSTER + "---\n" + CLUSTER))
        .singleElement().satisfies(error -> {
          assertThat(error.document()).isEqualTo(3);
          assertThat(error.reason()).isEqualTo("more than 2 documents");
        });
    assertThat(errorsOf(small, twoAliases)).singleElement()
        .satisfies(error -> assertThat(error.reason()).contains("aliases"));
    assertThat(errorsOf(small, bigDocument)).singleElement()
        .satisfies(error -> assertThat(error.reason()).contains("exceeds the limit"));
  }

  private static List<ManifestError> errorsOf(ManifestCodec codec, String yaml) {
    return catchThrowableOfType(ManifestException.class, () -> codec.decode(yaml)).errors();
  }
}
