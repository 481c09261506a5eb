package io.egressfed.api.envelope;

import java.io.IOException;
import java.util.Objects;

/**
 * A key file or PEM text that could not be used as an Ed25519 key. The message names the source
 * (usually the file) and the reason; it never contains key material.
 */
public final class KeyFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String reason;

  KeyFileException(String source, String reason) {
    this(source, reason, null);
  }

  KeyFileException(String source, String reason, Throwable cause) {
    super(source + ": " + reason, cause);
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Where the key came from.
   *
   * @return the file path, or the description given for PEM text
   */
  public String source() {
    return source;
  }

  /**
   * Why the key was refused, without the source.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
