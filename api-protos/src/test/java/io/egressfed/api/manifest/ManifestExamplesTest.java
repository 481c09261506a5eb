package io.egressfed.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The manifests in the repository's examples/ directory: they decode and round-trip unchanged. */
class ManifestExamplesTest {

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  private final ManifestCodec codec = ManifestCodec.create();

  static Path examplesDirectory() {
    // Surefire runs in the module directory (api-protos); examples/ sits at the repository root.
    Path examples = Path.of("").toAbsolutePath().resolve("../examples").normalize();
    assertThat(examples)
        .as("the examples directory %s (expected next to the api-protos module)", examples)
        .isDirectory();
    return examples;
  }

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(examplesDirectory())) {
      List<Path> manifests = files
          .filter(file -> file.getFileName().toString().matches(".*\\.(ya?ml|json)"))
          .sorted()
          .toList();
      assertThat(manifests).as("manifest files in %s", examplesDirectory()).isNotEmpty();
      return manifests.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void exampleDecodesIntoObjectsWithNames(Path file) throws IOException {
    List<Manifest> manifests = decodeFile(file);

    assertThat(manifests).isNotEmpty();
    assertThat(manifests).extracting(Manifest::name).allMatch(name -> name.matches(DNS_LABEL), "DNS-1123 labels");
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void yamlRoundTripGivesEqualObjectsAndIdenticalYamlSemantics(Path file) throws IOException {
    List<Message> objects = objects(decodeFile(file));

    String rewritten = codec.toYaml(objects);

    assertThat(objects(codec.decode(rewritten, "rewritten " + file.getFileName()))).isEqualTo(objects);
    assertThat(semanticTree(rewritten)).isEqualTo(semanticTree(Files.readString(file)));
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void jsonRoundTripGivesEqualObjectsAndValidJson(Path file) throws IOException {
    List<Message> objects = objects(decodeFile(file));

    for (Message object : objects) {
      String json = codec.toJson(object);
      assertThat(objects(codec.decode(json))).containsExactly(object);
      // An independent, strict JSON parser sees what a YAML reader sees in the YAML form.
      assertThat(StrictJson.parse(json)).isEqualTo(semanticTree(codec.toYaml(object)).get(0));
    }
    String list = codec.toJson(objects);
    assertThat(StrictJson.parse(list)).isInstanceOf(java.util.Map.class);
    assertThat(objects(codec.decode(list))).isEqualTo(objects);
  }

  @Test
  void examplesReferToEachOtherConsistently() throws IOException {
    Path examples = examplesDirectory();
    List<EgressIPPool> pools = decodeFile(examples.resolve("pools.yaml")).stream()
        .map(manifest -> manifest.as(EgressIPPool.class)).toList();
    Set<String> clusters = decodeFile(examples.resolve("clusters.yaml")).stream()
        .map(manifest -> manifest.as(MemberCluster.class).getMetadata().getName())
        .collect(Collectors.toSet());
    List<EgressIntent> intents = decodeFile(examples.resolve("intents.yaml")).stream()
        .map(manifest -> manifest.as(EgressIntent.class)).toList();

    assertThat(clusters).containsExactlyInAnyOrder("eu-west-1", "eu-central-1", "eu-north-1");
    for (EgressIPPool pool : pools) {
      List<String> cidrs = pool.getSpec().getCidrsList();
      assertThat(cidrs).as(pool.getMetadata().getName() + ": one IP family")
          .extracting(ManifestExamplesTest::family).containsOnly(family(cidrs.get(0)));
      assertThat(pool.getSpec().getExcludeList()).as(pool.getMetadata().getName() + ": exclude inside cidrs")
          .allMatch(excluded -> inAny(excluded, cidrs));
    }
    for (EgressIntent intent : intents) {
      String name = intent.getMetadata().getName();
      String poolName = intent.getSpec().getEgressIp().getPool();
      EgressIPPool pool = pools.stream()
          .filter(candidate -> candidate.getMetadata().getName().equals(poolName))
          .findFirst().orElseThrow(() -> new AssertionError(name + " names an unknown pool " + poolName));
      List<String> poolCidrs = pool.getSpec().getCidrsList();
      assertThat(clusters).as(name + ": preference").containsAll(intent.getSpec().getPlacement().getPreferenceList());
      String address = intent.getSpec().getEgressIp().getAddress();
      if (!address.isEmpty()) {
        String host = address + (address.contains(":") ? "/128" : "/32");
        assertThat(inAny(host, poolCidrs)).as(name + ": pinned address inside the pool").isTrue();
        assertThat(inAny(host, pool.getSpec().getExcludeList())).as(name + ": pinned address excluded").isFalse();
      }
      List<String> destinations = intent.getSpec().getDestinations().getCidrsList();
      assertThat(destinations).as(name + ": destinations of the pool's family")
          .extracting(ManifestExamplesTest::family).containsOnly(family(poolCidrs.get(0)));
      assertThat(intent.getSpec().getDestinations().getExceptCidrsList()).as(name + ": exceptCidrs inside cidrs")
          .allMatch(except -> inAny(except, destinations));
    }
  }

  private List<Manifest> decodeFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return codec.decode(in, file.getFileName().toString());
    }
  }

  private static List<Message> objects(List<Manifest> manifests) {
    return manifests.stream().map(Manifest::object).toList();
  }

  /** What a plain YAML 1.1 reader (snakeyaml's defaults) sees: the non-empty documents as maps. */
  static List<Object> semanticTree(String yaml) {
    Yaml reader = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Object> documents = new ArrayList<>();
    StreamSupport.stream(reader.loadAll(yaml).spliterator(), false)
        .filter(Objects::nonNull)
        .forEach(documents::add);
    return documents;
  }

  private static int family(String cidr) {
    return cidr.contains(":") ? 6 : 4;
  }

  private static boolean inAny(String inner, List<String> outers) {
    return outers.stream().anyMatch(outer -> contains(outer, inner));
  }

  private static boolean contains(String outer, String inner) {
    String[] o = outer.split("/");
    String[] i = inner.split("/");
    if (family(outer) != family(inner) || Integer.parseInt(i[1]) < Integer.parseInt(o[1])) {
      return false;
    }
    int bits = family(outer) == 4 ? 32 : 128;
    int hostBits = bits - Integer.parseInt(o[1]);
    return address(o[0]).shiftRight(hostBits).equals(address(i[0]).shiftRight(hostBits));
  }

  private static BigInteger address(String literal) {
    try {
      // Literal addresses only: InetAddress does not resolve them through DNS.
      return new BigInteger(1, InetAddress.getByName(literal).getAddress());
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("not an address: " + literal, e);
    }
  }
}
