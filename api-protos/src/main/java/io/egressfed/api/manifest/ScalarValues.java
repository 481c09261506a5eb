package io.egressfed.api.manifest;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one scalar YAML node into the Java value of a proto field, the way proto JSON would read
 * the JSON form of the same value, except that strings are strict: {@code 8080} or {@code true}
 * is not a string (Kubernetes rejects them too), so the user must quote it.
 */
final class ScalarValues {

  private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern JSON_INTEGER_STRING = Pattern.compile("-?[0-9]+");
  private static final Pattern DECIMAL_NUMBER = Pattern.compile(
      "[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
  private static final Pattern YAML_INFINITY = Pattern.compile("[-+]?\\.(?:inf|Inf|INF)");
  private static final Pattern YAML_NAN = Pattern.compile("\\.(?:nan|NaN|NAN)");
  private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final String TIMESTAMP_EXAMPLE = "\"2024-05-01T10:00:00Z\"";
  private static final String DURATION_EXAMPLES = "\"30s\", \"1h30m\" or \"250ms\"";

  private ScalarValues() {
  }

  /** Timestamp and Duration are messages in proto but single strings in manifests. */
  static boolean isScalarMessage(Descriptor type) {
    return type.getFullName().equals(Timestamp.getDescriptor().getFullName())
        || type.getFullName().equals(Duration.getDescriptor().getFullName());
  }

  /**
   * Reads a value for a non-message field, or for a Timestamp or Duration field.
   *
   * @return a value {@code Message.Builder#setField} accepts for the field
   */
  static Object read(FieldDescriptor field, Node node) throws InvalidValueException {
    return switch (field.getJavaType()) {
      case STRING -> string(node);
      case BOOLEAN -> bool(node);
      case INT -> (int) integer(field.getType(), node).longValue();
      case LONG -> integer(field.getType(), node).longValue();
      case FLOAT -> (float) floating(node, true);
      case DOUBLE -> floating(node, false);
      case BYTE_STRING -> bytes(node);
      case ENUM -> enumValue(field.getEnumType(), node);
      case MESSAGE -> field.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())
          ? timestamp(node)
          : duration(node);
    };
  }

  static String string(Node node) throws InvalidValueException {
    if (YamlNodes.isString(node)) {
      return ((ScalarNode) node).getValue();
    }
    if (node instanceof ScalarNode scalar && isPlainNonString(scalar)) {
      throw new InvalidValueException(String.format(
          "expected a string, got %s; quote it to make it a string: \"%s\"",
          YamlNodes.describe(node), scalar.getValue()));
    }
    throw new InvalidValueException("expected a string, got " + YamlNodes.describe(node));
  }

  private static boolean isPlainNonString(ScalarNode scalar) {
    Tag tag = scalar.getTag();
    return Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag);
  }

  private static boolean bool(Node node) throws InvalidValueException {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
      String value = scalar.getValue();
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return value.equalsIgnoreCase("true");
      }
    }
    if (YamlNodes.isString(node) && ((ScalarNode) node).getValue().matches("(?i)true|false")) {
      throw new InvalidValueException(String.format(
          "expected a boolean, got %s; write %s without quotes",
          YamlNodes.describe(node), ((ScalarNode) node).getValue().toLowerCase(Locale.ROOT)));
    }
    throw new InvalidValueException("expected a boolean (true or false), got " + YamlNodes.describe(node));
  }

  /** Integers are YAML integers or, as in proto JSON, strings of decimal digits. */
  private static BigInteger integer(FieldDescriptor.Type type, Node node)
      throws InvalidValueException {
    String text = null;
    if (node instanceof ScalarNode scalar) {
      if (Tag.INT.equals(scalar.getTag()) && DECIMAL_INTEGER.matcher(scalar.getValue()).matches()) {
        text = scalar.getValue();
      } else if (YamlNodes.isString(node) && JSON_INTEGER_STRING.matcher(scalar.getValue()).matches()) {
        text = scalar.getValue();
      }
    }
    if (text == null) {
      throw new InvalidValueException("expected an integer, got " + YamlNodes.describe(node));
    }
    BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    BigInteger min;
    BigInteger max;
    switch (type) {
      case INT32, SINT32, SFIXED32 -> {
        min = BigInteger.valueOf(Integer.MIN_VALUE);
        max = BigInteger.valueOf(Integer.MAX_VALUE);
      }
      case UINT32, FIXED32 -> {
        min = BigInteger.ZERO;
        max = UINT32_MAX;
      }
      case UINT64, FIXED64 -> {
        min = BigInteger.ZERO;
        max = UINT64_MAX;
      }
      default -> {
        min = BigInteger.valueOf(Long.MIN_VALUE);
        max = BigInteger.valueOf(Long.MAX_VALUE);
      }
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidValueException(String.format(
          "integer %s out of range for %s (%s to %s)",
          value, type.name().toLowerCase(Locale.ROOT), min, max));
    }
    return value;
  }

  /** Numbers are YAML numbers or, as in proto JSON, "NaN", "Infinity", "-Infinity" or digits. */
  private static double floating(Node node, boolean singlePrecision) throws InvalidValueException {
    double value = parseFloating(node);
    if (singlePrecision && Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
      throw new InvalidValueException("number " + value + " out of range for float");
    }
    return value;
  }

  private static double parseFloating(Node node) throws InvalidValueException {
    if (node instanceof ScalarNode scalar) {
      String text = scalar.getValue();
      Tag tag = scalar.getTag();
      if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
        if (YAML_NAN.matcher(text).matches()) {
          return Double.NaN;
        }
        if (YAML_INFINITY.matcher(text).matches()) {
          return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (DECIMAL_NUMBER.matcher(text).matches()) {
          return Double.parseDouble(text);
        }
      } else if (Tag.STR.equals(tag)) {
        switch (text) {
          case "NaN" -> {
            return Double.NaN;
          }
          case "Infinity" -> {
            return Double.POSITIVE_INFINITY;
          }
          case "-Infinity" -> {
            return Double.NEGATIVE_INFINITY;
          }
          default -> {
            if (DECIMAL_NUMBER.matcher(text).matches()) {
              return Double.parseDouble(text);
            }
          }
        }
      }
    }
    throw new InvalidValueException("expected a number, got " + YamlNodes.describe(node));
  }

  private static ByteString bytes(Node node) throws InvalidValueException {
    String text = string(node);
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException standardFailed) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
      } catch (IllegalArgumentException urlSafeFailed) {
        throw new InvalidValueException("invalid base64: " + urlSafeFailed.getMessage());
      }
    }
  }

  private static Object enumValue(EnumDescriptor type, Node node) throws InvalidValueException {
    String allowed = String.join(", ", ManifestEnums.allowedNames(type));
    if (!YamlNodes.isString(node)) {
      throw new InvalidValueException(String.format(
          "expected one of %s, got %s", allowed, YamlNodes.describe(node)));
    }
    String name = ((ScalarNode) node).getValue();
    return ManifestEnums.valueOf(type, name).orElseThrow(() -> new InvalidValueException(
        String.format("unknown value %s; allowed: %s", YamlNodes.quote(name), allowed)));
  }

  private static Timestamp timestamp(Node node) throws InvalidValueException {
    if (!YamlNodes.isString(node)) {
      throw new InvalidValueException(String.format(
          "expected an RFC 3339 timestamp string such as %s, got %s",
          TIMESTAMP_EXAMPLE, YamlNodes.describe(node)));
    }
    String text = ((ScalarNode) node).getValue();
    try {
      return Timestamps.parse(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw new InvalidValueException(String.format(
          "invalid timestamp %s: expected RFC 3339, e.g. %s",
          YamlNodes.quote(text), TIMESTAMP_EXAMPLE));
    }
  }

  private static Duration duration(Node node) throws InvalidValueException {
    boolean zero = node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())
        && scalar.getValue().matches("[-+]?0+");
    if (zero) {
      return Duration.getDefaultInstance();
    }
    if (!YamlNodes.isString(node)) {
      throw new InvalidValueException(String.format(
          "expected a duration string such as %s, got %s", DURATION_EXAMPLES, YamlNodes.describe(node)));
    }
    String text = ((ScalarNode) node).getValue();
    try {
      return GoDurations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(String.format(
          "invalid duration %s: %s; expected e.g. %s", YamlNodes.quote(text), e.getMessage(),
          DURATION_EXAMPLES));
    }
  }
}
