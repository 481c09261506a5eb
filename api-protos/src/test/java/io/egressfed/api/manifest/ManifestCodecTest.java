package io.egressfed.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolSpec;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.MemberClusterStatus;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementMode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding and encoding behaviour users rely on, beyond the examples and the error table. */
class ManifestCodecTest {

  private static final String HEADER = "apiVersion: egressfed.io/v1alpha1\n";

  private final ManifestCodec codec = ManifestCodec.create();

  static Stream<EnumDescriptor> manifestEnums() {
    return Stream.of(Backend.getDescriptor(), PlacementMode.getDescriptor(), Failback.getDescriptor(),
        AssignmentRole.getDescriptor());
  }

  @ParameterizedTest
  @MethodSource("manifestEnums")
  void everyEnumValueButUnspecifiedHasAManifestName(EnumDescriptor type) {
    for (EnumValueDescriptor value : type.getValues()) {
      assertThat(ManifestEnums.nameOf(value).isPresent())
          .as(value.getName())
          .isEqualTo(!value.getName().endsWith("_UNSPECIFIED"));
    }
  }

  @Test
  void backendsAreWrittenAndReadWithTheirManifestNames() {
    Map<Backend, String> spellings = Map.of(
        Backend.BACKEND_CILIUM, "cilium",
        Backend.BACKEND_KUBE_VIP, "kube-vip",
        Backend.BACKEND_CILIUM_VIP, "cilium-vip");
    spellings.forEach((backend, spelling) -> {
      MemberCluster cluster = cluster("eu-west-1")
          .setSpec(MemberClusterSpec.newBuilder().setBackend(backend)).build();

      String yaml = codec.toYaml(cluster);

      assertThat(yaml).contains("\n  backend: " + spelling + "\n");
      assertThat(single(codec.decode(yaml))).isEqualTo(cluster);
    });
  }

  @Test
  void placementModeAndFailbackAreWrittenAndReadWithTheirManifestNames() {
    EgressIntent intent = EgressIntent.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("ledger"))
        .setSpec(EgressIntentSpec.newBuilder().setPlacement(Placement.newBuilder()
            .setMode(PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)
            .addPreference("eu-west-1")
            .setFailback(Failback.FAILBACK_MANUAL)))
        .build();

    String yaml = codec.toYaml(intent);

    assertThat(yaml).endsWith("""
          placement:
            mode: ActivePassive
            preference:
              - eu-west-1
            failback: Manual
        """);
    assertThat(single(codec.decode(yaml))).isEqualTo(intent);
    assertThat(single(codec.decode(yaml.replace("ActivePassive", "PerCluster").replace("Manual", "Auto"))))
        .isEqualTo(intent.toBuilder().setSpec(intent.getSpec().toBuilder().setPlacement(
            intent.getSpec().getPlacement().toBuilder()
                .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER)
                .setFailback(Failback.FAILBACK_AUTO))).build());
  }

  @Test
  void defaultValuesAreLeftOutAndFieldsKeepProtoOrder() {
    MemberCluster cluster = cluster("eu-west-1")
        .setStatus(MemberClusterStatus.newBuilder().setConnected(true).setAppliedVersion(7))
        .setSpec(MemberClusterSpec.newBuilder().setBackend(Backend.BACKEND_KUBE_VIP))
        .build();

    assertThat(codec.toYaml(cluster)).isEqualTo("""
        apiVersion: egressfed.io/v1alpha1
        kind: MemberCluster
        metadata:
          name: eu-west-1
        spec:
          backend: kube-vip
        status:
          connected: true
          appliedVersion: 7
        """);
  }

  @Test
  void mapsAreSortedAndAmbiguousStringsQuoted() {
    MemberCluster cluster = MemberCluster.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("eu-west-1")
            .putLabels("zone", "b").putLabels("egress-gateway", "true").putLabels("port", "8080"))
        .build();

    assertThat(codec.toYaml(cluster)).isEqualTo("""
        apiVersion: egressfed.io/v1alpha1
        kind: MemberCluster
        metadata:
          name: eu-west-1
          labels:
            egress-gateway: "true"
            port: "8080"
            zone: b
        """);
  }

  @Test
  void aSetButEmptyMessageIsKeptBecauseItsPresenceIsData() {
    EgressIPPool pool = EgressIPPool.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("everywhere"))
        .setSpec(EgressIPPoolSpec.newBuilder().addCidrs("198.51.100.0/28")
            .setClusterSelector(LabelSelector.getDefaultInstance()))
        .build();

    String yaml = codec.toYaml(pool);

    assertThat(yaml).contains("  clusterSelector: {}\n");
    assertThat(single(codec.decode(yaml))).isEqualTo(pool);
  }

  @Test
  void nullLeavesAFieldUnset() {
    Message decoded = single(codec.decode(HEADER + """
        kind: MemberCluster
        metadata: {name: eu-west-1, labels: ~}
        spec:
        """));

    assertThat(decoded).isEqualTo(cluster("eu-west-1").build());
  }

  @Test
  void timestampsAreRfc3339StringsQuotedOrNot() throws Exception {
    MemberCluster decoded = (MemberCluster) single(codec.decode(HEADER + """
        kind: MemberCluster
        metadata:
          name: eu-west-1
          creationTimestamp: 2024-05-01T12:00:00.250+02:00
        status:
          lastSeen: "2024-05-01T10:00:05Z"
        """));

    assertThat(decoded.getMetadata().getCreationTimestamp()).isEqualTo(Timestamps.parse("2024-05-01T10:00:00.250Z"));
    assertThat(decoded.getStatus().getLastSeen()).isEqualTo(Timestamps.parse("2024-05-01T10:00:05Z"));
    assertThat(codec.toYaml(decoded))
        .contains("  creationTimestamp: \"2024-05-01T10:00:00.250Z\"\n")
        .contains("  lastSeen: \"2024-05-01T10:00:05Z\"\n");
  }

  @Test
  void integersAcceptYamlIntegersAndNumericStrings() {
    MemberCluster decoded = (MemberCluster) single(codec.decode(HEADER + """
        kind: MemberCluster
        metadata: {name: eu-west-1, generation: "12"}
        status: {appliedVersion: 18446744073709551615, desiredVersion: "3"}
        """));

    assertThat(decoded.getMetadata().getGeneration()).isEqualTo(12);
    assertThat(decoded.getStatus().getAppliedVersion()).isEqualTo(-1L); // uint64 max, as Java stores it
    assertThat(decoded.getStatus().getDesiredVersion()).isEqualTo(3);
    assertThat(codec.toYaml(decoded)).contains("  appliedVersion: 18446744073709551615\n");
    assertThat(codec.toJson(decoded)).contains("\"appliedVersion\": 18446744073709551615");
  }

  @Test
  void anUnspecifiedEnumInAListCannotBeWritten() {
    MemberCluster cluster = cluster("eu-west-1")
        .setStatus(MemberClusterStatus.newBuilder()
            .addDetectedBackends(Backend.BACKEND_CILIUM).addDetectedBackends(Backend.BACKEND_UNSPECIFIED))
        .build();

    assertThatThrownBy(() -> codec.toYaml(cluster))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status.detectedBackends[1]: BACKEND_UNSPECIFIED has no manifest name and cannot be"
            + " written; allowed: cilium, kube-vip, cilium-vip");
  }

  @Test
  void documentsAreNumberedAsAReaderCountsThemAndEmptyOnesSkipped() {
    String yaml = """
        # clusters of the EU region
        ---
        """ + HEADER + """
        kind: MemberCluster
        metadata: {name: eu-west-1}
        ---
        ---
        # nothing here yet
        ---
        """ + HEADER + """
        kind: MemberCluster
        metadata: {name: eu-north-1}
        ---
        """;

    assertThat(codec.decode(yaml)).extracting(Manifest::document, Manifest::kind, Manifest::name)
        .containsExactly(
            tuple(1, "MemberCluster", "eu-west-1"),
            tuple(4, "MemberCluster", "eu-north-1"));
  }

  @Test
  void jsonArraysAndListsDecodeToTheirItems() {
    String array = """
        [{"apiVersion": "egressfed.io/v1alpha1", "kind": "MemberCluster", "metadata": {"name": "a"}},
         {"apiVersion": "egressfed.io/v1alpha1", "kind": "EgressIPPool", "metadata": {"name": "b"}}]
        """;
    String list = codec.toJson(List.of(cluster("a").build(), pool("b")));

    assertThat(codec.decode(array)).extracting(Manifest::kind).containsExactly("MemberCluster", "EgressIPPool");
    assertThat(codec.decode(list)).extracting(Manifest::object).containsExactly(cluster("a").build(), pool("b"));
    assertThat(codec.decode(list)).extracting(Manifest::document).containsOnly(1);
  }

  @Test
  void multiDocumentYamlIsJoinedWithSeparators() {
    String yaml = codec.toYaml(List.of(cluster("a").build(), pool("b")));

    assertThat(yaml).contains("\n---\napiVersion: egressfed.io/v1alpha1\nkind: EgressIPPool\n");
    assertThat(codec.decode(yaml)).extracting(Manifest::document).containsExactly(1, 2);
    assertThat(codec.toYaml(List.of())).isEmpty();
  }

  @Test
  void awkwardStringsSurviveYamlAndJson() throws Exception {
    String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 nel \u0085 ls \u2028 \u00e9 \ud83d\ude00 - "
        + "# not: a comment";
    MemberCluster cluster = MemberCluster.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("a").putAnnotations("note", awkward)
            .putAnnotations("yes", "on").putAnnotations("empty", "").putAnnotations("date", "2024-05-01"))
        .build();

    String json = codec.toJson(cluster);

    assertThat(single(codec.decode(json))).isEqualTo(cluster);
    assertThat(single(codec.decode(codec.toYaml(cluster)))).isEqualTo(cluster);
    assertThat(StrictJson.parse(json)).isEqualTo(ManifestExamplesTest.semanticTree(codec.toYaml(cluster)).get(0));
  }

  @Test
  void decodesUtf8StreamsAndRefusesOthers() throws Exception {
    byte[] yaml = (HEADER + "kind: MemberCluster\nmetadata: {name: eu-west-1}\n").getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = (HEADER + "kind: MemberCluster\nmetadata: {name: \u00e9}\n").getBytes(StandardCharsets.ISO_8859_1);

    assertThat(codec.decode(new ByteArrayInputStream(yaml), "clusters.yaml")).hasSize(1);
    ManifestException notUtf8 = catchThrowableOfType(
        ManifestException.class, () -> codec.decode(new ByteArrayInputStream(latin1), "latin1.yaml"));
    assertThat(notUtf8.getMessage()).isEqualTo("input is not valid UTF-8 (latin1.yaml)");
    ManifestException tooLarge = catchThrowableOfType(ManifestException.class, () -> ManifestCodec
        .create(new ManifestLimits(16, 1 << 20, 10, 10, 50))
        .decode(new ByteArrayInputStream(yaml), "big.yaml"));
    assertThat(tooLarge.getMessage()).isEqualTo("input larger than 16 bytes (big.yaml)");
  }

  @Test
  void kindsAreTheMessageNames() {
    assertThat(codec.kinds()).containsExactly("EgressIPPool", "MemberCluster", "EgressIntent");
    assertThat(codec.kindOf(EgressIntent.getDefaultInstance())).isEqualTo("EgressIntent");
    assertThatThrownBy(() -> codec.kindOf(ObjectMeta.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("egressfed.v1alpha1.ObjectMeta is not a manifest kind;"
            + " known kinds: EgressIPPool, MemberCluster, EgressIntent");
  }

  @Test
  void manifestHandsOutTheTypedObject() {
    Manifest manifest = onlyManifest(codec.decode(codec.toYaml(pool("eu-public"))));

    assertThat(manifest.as(EgressIPPool.class).getMetadata().getName()).isEqualTo("eu-public");
    assertThatThrownBy(() -> manifest.as(EgressIntent.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document 1 holds EgressIPPool \"eu-public\", not EgressIntent");
  }

  @Test
  void newMessagesWorkWithoutCodeDurationsAndJsonNamesIncluded() {
    ManifestCodec configs = new YamlManifestCodec(
        ManifestLimits.defaults(), ManifestKinds.of(List.of(ClusterConfig.getDefaultInstance())));
    String yaml = HEADER + """
        kind: ClusterConfig
        cluster: eu-west-1
        version: 42
        issuedAt: 2024-05-01T10:00:00Z
        backend: cilium-vip
        assignments:
          - intent: ledger-partner-sftp
            egressIP: 198.51.100.10
            role: Active
            mode: ActivePassive
            leaseDuration: 90s
            epoch: 3
        """;

    ClusterConfig config = (ClusterConfig) single(configs.decode(yaml));

    assertThat(config.getAssignments(0).getLeaseDuration()).isEqualTo(Duration.newBuilder().setSeconds(90).build());
    assertThat(config.getAssignments(0).getEgressIp()).isEqualTo("198.51.100.10");
    assertThat(config.getAssignments(0).getRole()).isEqualTo(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
    assertThat(configs.toYaml(config))
        .contains("    leaseDuration: 1m30s\n")
        .contains("    egressIP: 198.51.100.10\n")
        .contains("issuedAt: \"2024-05-01T10:00:00Z\"\n");
    assertThat(single(configs.decode(configs.toYaml(config)))).isEqualTo(config);
    assertThat(single(configs.decode(configs.toJson(config)))).isEqualTo(config);
  }

  @Test
  void badDurationsAreRefusedWithTheirPath() {
    ManifestCodec configs = new YamlManifestCodec(
        ManifestLimits.defaults(), ManifestKinds.of(List.of(ClusterConfig.getDefaultInstance())));
    String yaml = HEADER + """
        kind: ClusterConfig
        assignments:
          - leaseDuration: 90
          - leaseDuration: 5 minutes
        """;

    ManifestException thrown = catchThrowableOfType(ManifestException.class, () -> configs.decode(yaml));

    assertThat(thrown.errors()).extracting(ManifestError::path, ManifestError::reason).containsExactly(
        tuple("assignments[0].leaseDuration",
            "expected a duration string such as \"30s\", \"1h30m\" or \"250ms\", got an integer 90"),
        tuple("assignments[1].leaseDuration",
            "invalid duration \"5 minutes\": unknown unit \" minutes\"; use one of ns, us, ms, s, m, h;"
                + " expected e.g. \"30s\", \"1h30m\" or \"250ms\""));
  }

  private static MemberCluster.Builder cluster(String name) {
    return MemberCluster.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name));
  }

  private static EgressIPPool pool(String name) {
    return EgressIPPool.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build();
  }

  private static Message single(List<Manifest> manifests) {
    return onlyManifest(manifests).object();
  }

  private static Manifest onlyManifest(List<Manifest> manifests) {
    assertThat(manifests).hasSize(1);
    return manifests.get(0);
  }
}
