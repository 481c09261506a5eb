package io.egressfed.api.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * DSSE v1 pre-authentication encoding: the exact bytes an envelope signature covers.
 *
 * <p>{@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes as ASCII
 * decimal. Binding the payload type into the signed bytes stops a signature made for one kind of
 * payload from being replayed as another; the length prefixes make the encoding unambiguous.
 */
public final class Pae {

  private static final byte[] PREFIX = "DSSEv1 ".getBytes(StandardCharsets.US_ASCII);
  private static final byte SPACE = ' ';

  private Pae() {}

  /**
   * Encodes a payload type and body.
   *
   * @param payloadType the envelope's payload type, encoded as UTF-8
   * @param payload the payload bytes, exactly as they travel in the envelope
   * @return the pre-authentication encoding
   */
  public static byte[] encode(String payloadType, byte[] payload) {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(payload, "payload");
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] typeLength = decimal(type.length);
    byte[] payloadLength = decimal(payload.length);
    ByteBuffer out =
        ByteBuffer.allocate(
            PREFIX.length + typeLength.length + 1 + type.length + 1 + payloadLength.length + 1
                + payload.length);
    out.put(PREFIX)
        .put(typeLength)
        .put(SPACE)
        .put(type)
        .put(SPACE)
        .put(payloadLength)
        .put(SPACE)
        .put(payload);
    return out.array();
  }

  private static byte[] decimal(int length) {
    return Integer.toString(length).getBytes(StandardCharsets.US_ASCII);
  }
}
