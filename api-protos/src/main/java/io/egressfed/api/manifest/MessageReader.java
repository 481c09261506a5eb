package io.egressfed.api.manifest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML mapping into a message builder by walking the message descriptor, so new proto
 * fields need no code here. Every problem is recorded with its field path and reading goes on, so
 * one pass reports all the errors of an object.
 */
final class MessageReader {

  /** Our messages nest about six deep; this only stops recursive YAML aliases from looping. */
  private static final int MAX_MESSAGE_DEPTH = 32;

  private final ErrorCollector errors;

  MessageReader(ErrorCollector errors) {
    this.errors = errors;
  }

  /**
   * Reads the fields of a mapping into a builder.
   *
   * @param headerKeys keys the caller has already handled (e.g. apiVersion, kind); skipped here
   */
  void readFields(MappingNode mapping, Message.Builder builder, String path, List<String> headerKeys) {
    readFields(mapping, builder, path, headerKeys, 0);
  }

  private void readFields(
      MappingNode mapping, Message.Builder builder, String path, List<String> headerKeys, int depth) {
    Descriptor type = builder.getDescriptorForType();
    Set<String> seen = new HashSet<>();
    Map<OneofDescriptor, String> oneofChoices = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode keyScalar) || YamlNodes.isNull(keyNode)) {
        errors.add(keyNode, path, "field names must be strings, got " + YamlNodes.describe(keyNode));
        continue;
      }
      String key = keyScalar.getValue();
      String fieldPath = FieldNames.child(path, key);
      if (!seen.add(key)) {
        errors.add(keyNode, fieldPath, "duplicate field");
        continue;
      }
      if (headerKeys.contains(key)) {
        continue;
      }
      Optional<FieldDescriptor> field = FieldNames.find(type, key);
      if (field.isEmpty()) {
        errors.add(keyNode, fieldPath, unknownField(type, key, headerKeys));
        continue;
      }
      Node value = tuple.getValueNode();
      if (YamlNodes.isNull(value)) {
        // As in Kubernetes and proto JSON, null leaves the field unset.
        continue;
      }
      OneofDescriptor oneof = field.get().getRealContainingOneof();
      if (oneof != null) {
        String earlier = oneofChoices.putIfAbsent(oneof, key);
        if (earlier != null) {
          errors.add(keyNode, fieldPath, String.format(
              "\"%s\" is already set; only one of the fields of %s may be set", earlier, oneof.getName()));
          continue;
        }
      }
      readField(field.get(), value, builder, fieldPath, depth);
    }
  }

  private static String unknownField(Descriptor type, String key, List<String> headerKeys) {
    List<String> known = new ArrayList<>(headerKeys);
    type.getFields().forEach(field -> known.add(field.getJsonName()));
    return FieldNames.closest(key, known)
        .map(hint -> String.format("unknown field %s; did you mean \"%s\"?", YamlNodes.quote(key), hint))
        .orElseGet(() -> String.format(
            "unknown field %s; known fields: %s", YamlNodes.quote(key), String.join(", ", known)));
  }

  private void readField(
      FieldDescriptor field, Node value, Message.Builder builder, String path, int depth) {
    if (field.isMapField()) {
      readMap(field, value, builder, path, depth);
    } else if (field.isRepeated()) {
      readList(field, value, builder, path, depth);
    } else {
      Object read = readValue(field, value, builder, path, depth);
      if (read != null) {
        builder.setField(field, read);
      }
    }
  }

  private void readList(
      FieldDescriptor field, Node node, Message.Builder builder, String path, int depth) {
    if (!YamlNodes.isSequence(node)) {
      errors.add(node, path, "expected a list, got " + YamlNodes.describe(node));
      return;
    }
    List<Node> elements = ((SequenceNode) node).getValue();
    for (int i = 0; i < elements.size(); i++) {
      Node element = elements.get(i);
      String elementPath = FieldNames.index(path, i);
      if (YamlNodes.isNull(element)) {
        errors.add(element, elementPath, "null is not allowed in a list");
        continue;
      }
      Object read = readValue(field, element, builder, elementPath, depth);
      if (read != null) {
        builder.addRepeatedField(field, read);
      }
    }
  }

  private void readMap(
      FieldDescriptor field, Node node, Message.Builder builder, String path, int depth) {
    if (!YamlNodes.isMapping(node)) {
      errors.add(node, path, "expected a mapping, got " + YamlNodes.describe(node));
      return;
    }
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode keyScalar) || YamlNodes.isNull(keyNode)) {
        errors.add(keyNode, path, "map keys must be strings, got " + YamlNodes.describe(keyNode));
        continue;
      }
      String key = keyScalar.getValue();
      String entryPath = FieldNames.mapKey(path, key);
      if (!seen.add(key)) {
        errors.add(keyNode, entryPath, "duplicate key");
        continue;
      }
      Node valueNode = tuple.getValueNode();
      if (YamlNodes.isNull(valueNode)) {
        errors.add(valueNode, entryPath, "null is not allowed as a map value; write \"\" for an empty string");
        continue;
      }
      Object keyValue = readMapKey(keyField, keyScalar, entryPath);
      Message.Builder entry = builder.newBuilderForField(field);
      Object value = readValue(valueField, valueNode, entry, entryPath, depth);
      if (keyValue != null && value != null) {
        builder.addRepeatedField(field, entry.setField(keyField, keyValue).setField(valueField, value).build());
      }
    }
  }

  /**
   * String keys are taken as written, whatever they look like: Kubernetes turns every YAML key into
   * a JSON string, so {@code 8080: x} in a string map is fine there too.
   */
  private Object readMapKey(FieldDescriptor keyField, ScalarNode keyNode, String path) {
    if (keyField.getJavaType() == FieldDescriptor.JavaType.STRING) {
      return keyNode.getValue();
    }
    try {
      return ScalarValues.read(keyField, keyNode);
    } catch (InvalidValueException e) {
      errors.add(keyNode, path, "invalid key: " + e.getMessage());
      return null;
    }
  }

  /** Reads one value of a field (an element, for lists); null after recording an error. */
  private Object readValue(
      FieldDescriptor field, Node node, Message.Builder owner, String path, int depth) {
    boolean nestedMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && !ScalarValues.isScalarMessage(field.getMessageType());
    if (!nestedMessage) {
      try {
        return ScalarValues.read(field, node);
      } catch (InvalidValueException e) {
        errors.add(node, path, e.getMessage());
        return null;
      }
    }
    if (!YamlNodes.isMapping(node)) {
      errors.add(node, path, "expected a mapping, got " + YamlNodes.describe(node));
      return null;
    }
    if (depth >= MAX_MESSAGE_DEPTH) {
      errors.add(node, path, "nested more than " + MAX_MESSAGE_DEPTH + " levels deep");
      return null;
    }
    Message.Builder child = owner.newBuilderForField(field);
    readFields((MappingNode) node, child, path, List.of(), depth + 1);
    return child.build();
  }
}
