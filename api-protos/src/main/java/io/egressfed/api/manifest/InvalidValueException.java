package io.egressfed.api.manifest;

/** A value that cannot be read into its field; the message is the reason shown to the user. */
final class InvalidValueException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidValueException(String reason) {
    // Expected on bad input and always turned into a ManifestError: no stack trace needed.
    super(reason, null, false, false);
  }
}
