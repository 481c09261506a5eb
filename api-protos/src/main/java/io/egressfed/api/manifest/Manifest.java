package io.egressfed.api.manifest;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Objects;

/**
 * One object decoded from a manifest stream.
 *
 * @param document 1-based position of the YAML document the object came from, counted as a reader
 *     counts them (empty documents included); objects from one {@code List} share it
 * @param kind the object's kind, e.g. {@code "EgressIntent"}
 * @param object the decoded message, e.g. an {@code EgressIntent}
 */
public record Manifest(int document, String kind, Message object) {

  /** Checks the components. */
  public Manifest {
    if (document < 1) {
      throw new IllegalArgumentException("document numbers start at 1, got " + document);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(object, "object");
  }

  /**
   * Returns {@code metadata.name} of the object.
   *
   * @return the name, or an empty string when the object has none
   */
  public String name() {
    FieldDescriptor metadata = object.getDescriptorForType().findFieldByName("metadata");
    if (metadata == null || metadata.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return "";
    }
    Message meta = (Message) object.getField(metadata);
    FieldDescriptor name = meta.getDescriptorForType().findFieldByName("name");
    return name == null ? "" : String.valueOf(meta.getField(name));
  }

  /**
   * Returns the object as the given message type.
   *
   * @param type the expected message class, e.g. {@code EgressIntent.class}
   * @param <T> the message type
   * @return the object
   * @throws IllegalArgumentException if the object is of another type
   */
  public <T extends Message> T as(Class<T> type) {
    if (!type.isInstance(object)) {
      throw new IllegalArgumentException(String.format(
          "document %d holds %s \"%s\", not %s", document, kind, name(), type.getSimpleName()));
    }
    return type.cast(object);
  }
}
