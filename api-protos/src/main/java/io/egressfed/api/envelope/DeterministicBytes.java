package io.egressfed.api.envelope;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Deterministic protobuf serialization: map entries (e.g. selector labels) sorted by key instead of
 * the map's insertion order, so equal messages give equal bytes within one protobuf version.
 */
public final class DeterministicBytes {

  private DeterministicBytes() {}

  /**
   * Serializes a message deterministically.
   *
   * @param message the message
   * @return its wire bytes, readable by any protobuf parser
   */
  public static byte[] of(Message message) {
    byte[] bytes = new byte[message.getSerializedSize()];
    CodedOutputStream output = CodedOutputStream.newInstance(bytes);
    output.useDeterministicSerialization();
    try {
      message.writeTo(output);
    } catch (IOException e) {
      // Writing into an array of exactly the serialized size has no I/O to fail.
      throw new UncheckedIOException("cannot serialize " + message.getDescriptorForType().getName(), e);
    }
    output.checkNoSpaceLeft();
    return bytes;
  }
}
