package io.egressfed.api.manifest;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Records the errors of one object (or of one document, before an object is known) into a shared
 * list. After {@value #MAX_ERRORS} errors it records one last note and ignores the rest, so that a
 * pathological document cannot produce an unbounded report.
 */
final class ErrorCollector {

  static final int MAX_ERRORS = 50;

  private final String source;
  private final int document;
  private final String kind;
  private final String name;
  private final List<ManifestError> sink;
  private int count;

  ErrorCollector(String source, int document, String kind, String name, List<ManifestError> sink) {
    this.source = source;
    this.document = document;
    this.kind = kind;
    this.name = name;
    this.sink = sink;
  }

  /** The same document and sink, for an object whose kind and name are now known. */
  ErrorCollector forObject(String objectKind, String objectName) {
    return new ErrorCollector(source, document, objectKind, objectName, sink);
  }

  void add(Node at, String path, String reason) {
    count++;
    if (count > MAX_ERRORS + 1) {
      return;
    }
    String text = count > MAX_ERRORS ? "too many errors; the rest are not reported" : reason;
    sink.add(new ManifestError(
        source, document, kind, name, path, text, YamlNodes.line(at), YamlNodes.column(at)));
  }

  boolean hasErrors() {
    return count > 0;
  }
}
