package io.egressfed.api.manifest;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one composed, non-empty YAML document: a single object, a JSON-style array of objects or a
 * Kubernetes {@code kind: List} with {@code items}.
 */
final class DocumentReader {

  private static final List<String> OBJECT_HEADER = List.of("apiVersion", "kind");
  private static final String LIST_KIND = "List";
  /** kubectl writes Lists with apiVersion v1; ours are accepted too. */
  private static final List<String> LIST_API_VERSIONS = List.of("v1", ManifestCodec.API_VERSION);
  private static final List<String> LIST_FIELDS = List.of("apiVersion", "kind", "metadata", "items");

  private final ManifestKinds kinds;

  DocumentReader(ManifestKinds kinds) {
    this.kinds = kinds;
  }

  /** Appends the document's objects to {@code out}, or records why they are invalid. */
  void read(Node root, int document, ErrorCollector documentErrors, List<Manifest> out) {
    if (YamlNodes.isSequence(root)) {
      readItems((SequenceNode) root, "", document, documentErrors, out);
    } else if (!YamlNodes.isMapping(root)) {
      documentErrors.add(root, "", "expected a mapping with apiVersion and kind, or a list of them, got "
          + YamlNodes.describe(root));
    } else if (YamlNodes.childString((MappingNode) root, "kind").filter(LIST_KIND::equals).isPresent()) {
      readList((MappingNode) root, document, documentErrors, out);
    } else {
      readObject((MappingNode) root, "", document, documentErrors, out);
    }
  }

  private void readList(MappingNode list, int document, ErrorCollector documentErrors, List<Manifest> out) {
    ErrorCollector errors = documentErrors.forObject(LIST_KIND, "");
    Optional<String> apiVersion = YamlNodes.childString(list, "apiVersion");
    if (apiVersion.isEmpty() || !LIST_API_VERSIONS.contains(apiVersion.get())) {
      errors.add(YamlNodes.child(list, "apiVersion").orElse(list), "apiVersion",
          "a List needs apiVersion " + String.join(" or ", LIST_API_VERSIONS)
              + apiVersion.map(found -> ", got " + YamlNodes.quote(found)).orElse(""));
    }
    for (NodeTuple tuple : list.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
      if (!LIST_FIELDS.contains(key)) {
        errors.add(tuple.getKeyNode(), key, String.format(
            "unknown field %s; a List has only %s", YamlNodes.quote(key), String.join(", ", LIST_FIELDS)));
      }
    }
    Optional<Node> items = YamlNodes.child(list, "items").filter(node -> !YamlNodes.isNull(node));
    if (items.isEmpty()) {
      return;
    }
    if (!YamlNodes.isSequence(items.get())) {
      errors.add(items.get(), "items", "expected a list, got " + YamlNodes.describe(items.get()));
      return;
    }
    readItems((SequenceNode) items.get(), "items", document, documentErrors, out);
  }

  private void readItems(
      SequenceNode items, String path, int document, ErrorCollector documentErrors, List<Manifest> out) {
    List<Node> elements = items.getValue();
    for (int i = 0; i < elements.size(); i++) {
      Node item = elements.get(i);
      String itemPath = FieldNames.index(path, i);
      if (YamlNodes.isMapping(item)) {
        readObject((MappingNode) item, itemPath, document, documentErrors, out);
      } else {
        documentErrors.add(item, itemPath,
            "expected a mapping with apiVersion and kind, got " + YamlNodes.describe(item));
      }
    }
  }

  private void readObject(
      MappingNode object, String path, int document, ErrorCollector documentErrors, List<Manifest> out) {
    Optional<String> kind = YamlNodes.childString(object, "kind");
    String name = YamlNodes.child(object, "metadata")
        .filter(YamlNodes::isMapping)
        .flatMap(metadata -> YamlNodes.childString((MappingNode) metadata, "name"))
        .orElse("");
    ErrorCollector errors = documentErrors.forObject(kind.orElse(""), name);
    checkApiVersion(object, path, errors);
    Optional<Message> prototype = checkKind(object, path, errors);
    if (prototype.isEmpty()) {
      return;
    }
    Message.Builder builder = prototype.get().newBuilderForType();
    new MessageReader(errors).readFields(object, builder, path, OBJECT_HEADER);
    if (!errors.hasErrors()) {
      out.add(new Manifest(document, kind.get(), builder.build()));
    }
  }

  private static void checkApiVersion(MappingNode object, String path, ErrorCollector errors) {
    String fieldPath = FieldNames.child(path, "apiVersion");
    Optional<Node> node = YamlNodes.child(object, "apiVersion");
    if (node.isEmpty() || YamlNodes.isNull(node.get())) {
      errors.add(object, fieldPath, "missing; expected " + ManifestCodec.API_VERSION);
    } else if (!YamlNodes.isString(node.get())) {
      errors.add(node.get(), fieldPath, String.format(
          "expected %s, got %s", ManifestCodec.API_VERSION, YamlNodes.describe(node.get())));
    } else {
      String apiVersion = ((ScalarNode) node.get()).getValue();
      if (!apiVersion.equals(ManifestCodec.API_VERSION)) {
        errors.add(node.get(), fieldPath, String.format(
            "unsupported apiVersion %s; expected %s", YamlNodes.quote(apiVersion), ManifestCodec.API_VERSION));
      }
    }
  }

  private Optional<Message> checkKind(MappingNode object, String path, ErrorCollector errors) {
    String fieldPath = FieldNames.child(path, "kind");
    String known = String.join(", ", kinds.names());
    Optional<Node> node = YamlNodes.child(object, "kind");
    if (node.isEmpty() || YamlNodes.isNull(node.get())) {
      errors.add(object, fieldPath, "missing; expected one of " + known);
      return Optional.empty();
    }
    if (!YamlNodes.isString(node.get())) {
      errors.add(node.get(), fieldPath, String.format(
          "expected one of %s, got %s", known, YamlNodes.describe(node.get())));
      return Optional.empty();
    }
    String kind = ((ScalarNode) node.get()).getValue();
    Optional<Message> prototype = kinds.prototype(kind);
    if (prototype.isEmpty()) {
      String hint = FieldNames.closest(kind, kinds.names()).map(h -> "; did you mean " + h + "?").orElse("");
      errors.add(node.get(), fieldPath, String.format(
          "unknown kind %s; known kinds: %s%s", YamlNodes.quote(kind), known, hint));
    }
    return prototype;
  }
}
