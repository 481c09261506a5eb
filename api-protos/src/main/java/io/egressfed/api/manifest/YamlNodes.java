package io.egressfed.api.manifest;

import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small questions about composed YAML nodes, and how to name them in error messages. */
final class YamlNodes {

  private YamlNodes() {
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  static boolean isString(Node node) {
    return node instanceof ScalarNode && Tag.STR.equals(node.getTag());
  }

  static boolean isMapping(Node node) {
    return node instanceof MappingNode && Tag.MAP.equals(node.getTag());
  }

  static boolean isSequence(Node node) {
    return node instanceof SequenceNode && Tag.SEQ.equals(node.getTag());
  }

  /** The value node of a key in a mapping, without interpreting anything else. */
  static Optional<Node> child(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return Optional.of(tuple.getValueNode());
      }
    }
    return Optional.empty();
  }

  /** The string value of a key, if it holds a string. */
  static Optional<String> childString(MappingNode mapping, String key) {
    return child(mapping, key).filter(YamlNodes::isString).map(node -> ((ScalarNode) node).getValue());
  }

  /** Names what a node holds, for "expected X, got Y" messages. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return isMapping(node) ? "a mapping" : "a mapping tagged " + node.getTag();
    }
    if (node instanceof SequenceNode) {
      return isSequence(node) ? "a list" : "a list tagged " + node.getTag();
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    if (Tag.STR.equals(tag)) {
      return "a string " + quote(scalar.getValue());
    }
    if (Tag.INT.equals(tag)) {
      return "an integer " + scalar.getValue();
    }
    if (Tag.FLOAT.equals(tag)) {
      return "a number " + scalar.getValue();
    }
    if (Tag.BOOL.equals(tag)) {
      return "a boolean " + scalar.getValue();
    }
    if (Tag.NULL.equals(tag)) {
      return "null";
    }
    return "a value tagged " + tag;
  }

  /** Quotes a value for an error message, escaping what would make the message ambiguous. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    value.codePoints().limit(200).forEach(c -> {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            quoted.append(String.format("\\u%04x", c));
          } else {
            quoted.appendCodePoint(c);
          }
        }
      }
    });
    if (value.codePointCount(0, value.length()) > 200) {
      quoted.append("...");
    }
    return quoted.append('"').toString();
  }

  /** 1-based line of a node, or 0 when it carries no position. */
  static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** 1-based column of a node, or 0 when it carries no position. */
  static int column(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
  }
}
