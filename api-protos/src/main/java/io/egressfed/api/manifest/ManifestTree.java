package io.egressfed.api.manifest;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a message into the tree a manifest shows: ordered maps, lists, strings, numbers and
 * booleans, with the same field names and spellings the decoder reads. Fields holding default
 * values are left out; a set but empty message stays as {@code {}}, because its presence is data.
 */
final class ManifestTree {

  private ManifestTree() {
  }

  /** The whole document: apiVersion and kind, then the object's fields in proto order. */
  static Map<String, Object> document(String kind, Message object) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", ManifestCodec.API_VERSION);
    document.put("kind", kind);
    document.putAll(message(object, ""));
    return document;
  }

  static Map<String, Object> message(Message message, String path) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String fieldPath = FieldNames.child(path, field.getJsonName());
      if (field.isMapField()) {
        if (message.getRepeatedFieldCount(field) > 0) {
          fields.put(field.getJsonName(), map(message, field, fieldPath));
        }
      } else if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count > 0) {
          List<Object> values = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            values.add(value(field, message.getRepeatedField(field, i), FieldNames.index(fieldPath, i)));
          }
          fields.put(field.getJsonName(), values);
        }
      } else if (message.hasField(field)) {
        fields.put(field.getJsonName(), value(field, message.getField(field), fieldPath));
      }
    }
    return fields;
  }

  /** Map entries sorted by key, so that equal messages always print the same. */
  private static Map<String, Object> map(Message message, FieldDescriptor field, String path) {
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    Map<Object, Message> entriesByKey = new TreeMap<>(keyOrder(keyField));
    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
      Message entry = (Message) message.getRepeatedField(field, i);
      entriesByKey.put(value(keyField, entry.getField(keyField), path), entry);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    entriesByKey.forEach((key, entry) -> {
      String text = String.valueOf(key);
      map.put(text, value(valueField, entry.getField(valueField), FieldNames.mapKey(path, text)));
    });
    return map;
  }

  /** Integer keys sort as numbers, the rest (strings, booleans) as text. */
  private static Comparator<Object> keyOrder(FieldDescriptor keyField) {
    boolean numeric = keyField.getJavaType() == FieldDescriptor.JavaType.INT
        || keyField.getJavaType() == FieldDescriptor.JavaType.LONG;
    return numeric
        ? Comparator.comparing(key -> new BigInteger(key.toString()))
        : Comparator.comparing(String::valueOf);
  }

  private static Object value(FieldDescriptor field, Object value, String path) {
    return switch (field.getJavaType()) {
      case STRING, BOOLEAN -> value;
      case INT -> unsigned32(field) ? Integer.toUnsignedLong((Integer) value) : (long) (Integer) value;
      case LONG -> unsigned64(field) && (Long) value < 0
          ? new BigInteger(Long.toUnsignedString((Long) value))
          : value;
      // Through the decimal string, so that 0.1f prints as 0.1, not 0.10000000149011612.
      case FLOAT -> Double.parseDouble(Float.toString((Float) value));
      case DOUBLE -> value;
      case BYTE_STRING -> Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
      case ENUM -> enumName((EnumValueDescriptor) value, path);
      case MESSAGE -> messageValue((Message) value, path);
    };
  }

  private static Object messageValue(Message value, String path) {
    String type = value.getDescriptorForType().getFullName();
    try {
      if (type.equals(Timestamp.getDescriptor().getFullName())) {
        return Timestamps.toString(value instanceof Timestamp timestamp
            ? timestamp : Timestamp.newBuilder().mergeFrom(value).build());
      }
      if (type.equals(Duration.getDescriptor().getFullName())) {
        return GoDurations.format(value instanceof Duration duration
            ? duration : Duration.newBuilder().mergeFrom(value).build());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
    return message(value, path);
  }

  private static String enumName(EnumValueDescriptor value, String path) {
    return ManifestEnums.nameOf(value).orElseThrow(() -> new IllegalArgumentException(String.format(
        "%s: %s has no manifest name and cannot be written; allowed: %s", path, value.getName(),
        String.join(", ", ManifestEnums.allowedNames(value.getType())))));
  }

  private static boolean unsigned32(FieldDescriptor field) {
    return field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32;
  }

  private static boolean unsigned64(FieldDescriptor field) {
    return field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64;
  }
}
