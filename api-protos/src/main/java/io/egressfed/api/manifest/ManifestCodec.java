package io.egressfed.api.manifest;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads and writes egressfed resources as Kubernetes-style manifests ({@code apiVersion},
 * {@code kind}, {@code metadata}, {@code spec}, {@code status}) in YAML or JSON.
 *
 * <p>The protobuf messages are the source of truth: every manifest field is the {@code json_name}
 * of a proto field, enum values are spelled with their {@code (egressfed.v1alpha1.manifest_name)}
 * option, {@code google.protobuf.Timestamp} is an RFC 3339 string and {@code google.protobuf.Duration}
 * a Go-style duration string ({@code "5s"}, {@code "1h30m"}, {@code "250ms"}).
 *
 * <p>Decoding is strict, like Kubernetes' strict field validation: unknown fields, values of the
 * wrong YAML type (including {@code 8080} or {@code true} where a string is expected — quote them)
 * and unknown enum values are errors. Every error names the document, the field path and the reason.
 *
 * <p>Implementations are immutable and safe for concurrent use.
 */
public interface ManifestCodec {

  /** The only {@code apiVersion} of egressfed resources. */
  String API_VERSION = "egressfed.io/v1alpha1";

  /**
   * Creates a codec for {@code EgressIPPool}, {@code MemberCluster} and {@code EgressIntent} with
   * {@link ManifestLimits#defaults() the default limits}.
   *
   * @return a new codec
   */
  static ManifestCodec create() {
    return create(ManifestLimits.defaults());
  }

  /**
   * Creates a codec for {@code EgressIPPool}, {@code MemberCluster} and {@code EgressIntent} that
   * refuses input beyond the given limits.
   *
   * @param limits size and structure limits applied while decoding
   * @return a new codec
   */
  static ManifestCodec create(ManifestLimits limits) {
    return new YamlManifestCodec(limits, ManifestKinds.standard());
  }

  /**
   * Decodes a YAML stream (one or more documents separated by {@code ---}) or JSON text.
   *
   * <p>Each document holds one object, a JSON array of objects, or a {@code kind: List} with
   * {@code items}. Documents are numbered from 1 in the order they appear in the stream, empty
   * documents included, so numbers match what a reader counts; empty documents yield nothing.
   *
   * @param text the manifest text
   * @return the decoded objects in input order, immutable
   * @throws ManifestException with every error found, if any document is invalid; nothing is
   *     returned in that case, not even the valid documents
   */
  List<Manifest> decode(String text);

  /**
   * Decodes manifest text like {@link #decode(String)}, naming the source in every error.
   *
   * @param text the manifest text
   * @param sourceName a file name or other label shown in errors, e.g. {@code "intents.yaml"}
   * @return the decoded objects in input order, immutable
   * @throws ManifestException with every error found, if any document is invalid
   */
  List<Manifest> decode(String text, String sourceName);

  /**
   * Reads the whole stream as UTF-8 and decodes it like {@link #decode(String, String)}. The stream
   * is not closed.
   *
   * @param in the manifest bytes, UTF-8
   * @param sourceName a file name or other label shown in errors
   * @return the decoded objects in input order, immutable
   * @throws ManifestException if the input is too large, not UTF-8 or holds an invalid document
   * @throws IOException if reading the stream fails
   */
  List<Manifest> decode(InputStream in, String sourceName) throws IOException;

  /**
   * Writes one object as a YAML document: {@code apiVersion} and {@code kind} first, then the
   * fields in proto order; fields holding default values are left out.
   *
   * @param object an object of a known kind
   * @return the YAML text, ending with a newline
   * @throws IllegalArgumentException if the object is not of a known kind or holds a value that has
   *     no manifest spelling (e.g. an {@code *_UNSPECIFIED} enum value in a list)
   */
  String toYaml(Message object);

  /**
   * Writes objects as a multi-document YAML stream, documents separated by {@code ---}.
   *
   * @param objects objects of known kinds, in output order
   * @return the YAML text; empty for an empty list
   * @throws IllegalArgumentException as {@link #toYaml(Message)}
   */
  String toYaml(List<? extends Message> objects);

  /**
   * Writes one object as an indented JSON object with the same field names and values as
   * {@link #toYaml(Message)}.
   *
   * @param object an object of a known kind
   * @return the JSON text, ending with a newline
   * @throws IllegalArgumentException as {@link #toYaml(Message)}
   */
  String toJson(Message object);

  /**
   * Writes objects as one JSON {@code {"apiVersion": "v1", "kind": "List", "items": [...]}} object,
   * which {@link #decode(String)} reads back.
   *
   * @param objects objects of known kinds, in output order
   * @return the JSON text, ending with a newline
   * @throws IllegalArgumentException as {@link #toYaml(Message)}
   */
  String toJson(List<? extends Message> objects);

  /**
   * Names the manifest kind of an object, e.g. {@code "EgressIntent"}.
   *
   * @param object a message
   * @return its kind
   * @throws IllegalArgumentException if the message type is not a known kind
   */
  String kindOf(Message object);

  /**
   * Lists the kinds this codec reads and writes.
   *
   * @return the kind names, immutable, in a stable order
   */
  List<String> kinds();
}
