package io.egressfed.api.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when manifest input is invalid; carries every error found. */
public final class ManifestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<ManifestError> errors;

  /**
   * Creates the exception.
   *
   * @param errors the problems found, at least one
   */
  public ManifestException(List<ManifestError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * Returns the problems found, in input order.
   *
   * @return the errors, immutable, never empty
   */
  public List<ManifestError> errors() {
    return errors;
  }

  private static String describe(List<ManifestError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ManifestException needs at least one error");
    }
    if (errors.size() == 1) {
      return errors.get(0).toString();
    }
    return errors.size() + " errors:" + errors.stream()
        .map(error -> System.lineSeparator() + "  " + error)
        .collect(Collectors.joining());
  }
}
