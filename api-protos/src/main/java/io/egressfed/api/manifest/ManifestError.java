package io.egressfed.api.manifest;

import java.util.Objects;

/**
 * One problem found while decoding manifests.
 *
 * @param source the file name or label given to the decoder; empty when none was given
 * @param document 1-based document number, counted as in {@link Manifest#document()}; 0 when the
 *     problem concerns the whole input (e.g. not UTF-8)
 * @param kind the object's kind as written, if it could be read; otherwise empty
 * @param name the object's {@code metadata.name}, if it could be read; otherwise empty
 * @param path the field path, e.g. {@code spec.destinations.cidrs[1]} or
 *     {@code metadata.labels.team} (list indexes from 0); empty for document-level problems
 * @param reason what is wrong, in words
 * @param line 1-based line of the offending YAML node in the input, or 0 when unknown
 * @param column 1-based column of the offending YAML node, or 0 when unknown
 */
public record ManifestError(
    String source, int document, String kind, String name, String path, String reason,
    int line, int column) {

  /** Checks the components. */
  public ManifestError {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
    if (document < 0 || line < 0 || column < 0) {
      throw new IllegalArgumentException("document, line and column must not be negative");
    }
  }

  /**
   * Formats the error for people, e.g. {@code document 2 (EgressIntent "x"): spec.placement.mode:
   * unknown value "Active-Passive"; allowed: PerCluster, ActivePassive (intents.yaml, line 14,
   * column 11)}.
   *
   * @return the readable error
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (document > 0) {
      text.append("document ").append(document);
      if (!kind.isEmpty()) {
        text.append(" (").append(kind);
        if (!name.isEmpty()) {
          text.append(" \"").append(name).append('"');
        }
        text.append(')');
      }
      text.append(": ");
    }
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    text.append(reason);
    String where = location();
    if (!where.isEmpty()) {
      text.append(" (").append(where).append(')');
    }
    return text.toString();
  }

  private String location() {
    StringBuilder where = new StringBuilder(source);
    if (line > 0) {
      if (where.length() > 0) {
        where.append(", ");
      }
      where.append("line ").append(line);
      if (column > 0) {
        where.append(", column ").append(column);
      }
    }
    return where.toString();
  }
}
