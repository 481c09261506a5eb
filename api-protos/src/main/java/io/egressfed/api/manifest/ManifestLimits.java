package io.egressfed.api.manifest;

/**
 * Bounds on what the decoder accepts, so that hostile input cannot exhaust memory or time.
 *
 * @param maxInputBytes largest stream read by {@link ManifestCodec#decode(java.io.InputStream, String)}
 * @param maxDocumentCodePoints largest single YAML document, in Unicode code points
 * @param maxDocuments most documents in one stream, empty documents included
 * @param maxAliases most YAML aliases to mappings or sequences in one document
 * @param maxNestingDepth deepest nesting of mappings and sequences
 */
public record ManifestLimits(
    int maxInputBytes, int maxDocumentCodePoints, int maxDocuments, int maxAliases,
    int maxNestingDepth) {

  /** Checks the components. */
  public ManifestLimits {
    if (maxInputBytes < 1 || maxDocumentCodePoints < 1 || maxDocuments < 1 || maxAliases < 0
        || maxNestingDepth < 1) {
      throw new IllegalArgumentException(String.format(
          "manifest limits must be positive (aliases may be 0): input %d, document %d, documents %d,"
              + " aliases %d, depth %d",
          maxInputBytes, maxDocumentCodePoints, maxDocuments, maxAliases, maxNestingDepth));
    }
  }

  /**
   * The defaults: 16 MiB per stream; 1 MiB per document, four times the largest object the hub
   * stores (256 KiB), so that comments and formatting never push a valid object over; 10 000
   * documents; 20 collection aliases; nesting depth 50.
   *
   * @return the default limits
   */
  public static ManifestLimits defaults() {
    return new ManifestLimits(16 << 20, 1 << 20, 10_000, 20, 50);
  }
}
