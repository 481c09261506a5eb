package io.egressfed.api.manifest;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@link ManifestCodec} on snakeyaml. Decoding composes YAML nodes (never Java objects, so no tag
 * can instantiate anything) and reads them along the proto descriptors; node positions give every
 * error its line and column. Encoding builds one tree ({@link ManifestTree}) and prints it as YAML
 * with snakeyaml or as JSON with {@link JsonText}.
 */
final class YamlManifestCodec implements ManifestCodec {

  private static final String DOCUMENT_SEPARATOR = "---\n";

  private final ManifestLimits limits;
  private final ManifestKinds kinds;
  private final DocumentReader documentReader;

  YamlManifestCodec(ManifestLimits limits, ManifestKinds kinds) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.documentReader = new DocumentReader(kinds);
  }

  @Override
  public List<Manifest> decode(String text) {
    return decode(text, "");
  }

  @Override
  public List<Manifest> decode(String text, String sourceName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    List<ManifestError> errors = new ArrayList<>();
    List<Manifest> manifests = new ArrayList<>();
    // Yaml instances are not thread-safe: one per call.
    Yaml yaml = ManifestYaml.reader(limits);
    Iterator<Node> documents = yaml.composeAll(new StringReader(text)).iterator();
    int document = 0;
    while (true) {
      Node root;
      try {
        if (!documents.hasNext()) {
          break;
        }
        root = documents.next();
      } catch (MarkedYAMLException e) {
        errors.add(syntaxError(sourceName, document + 1, e));
        break;
      } catch (YAMLException e) {
        errors.add(new ManifestError(sourceName, document + 1, "", "", "", e.getMessage(), 0, 0));
        break;
      }
      document++;
      if (root == null) {
        continue;
      }
      ErrorCollector documentErrors = new ErrorCollector(sourceName, document, "", "", errors);
      if (document > limits.maxDocuments()) {
        documentErrors.add(root, "", "more than " + limits.maxDocuments() + " documents");
        break;
      }
      if (!YamlNodes.isNull(root)) {
        documentReader.read(root, document, documentErrors, manifests);
      }
    }
    if (!errors.isEmpty()) {
      throw new ManifestException(errors);
    }
    return List.copyOf(manifests);
  }

  @Override
  public List<Manifest> decode(InputStream in, String sourceName) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sourceName, "sourceName");
    byte[] bytes = in.readNBytes(limits.maxInputBytes() + 1);
    if (bytes.length > limits.maxInputBytes()) {
      throw inputError(sourceName, "input larger than " + limits.maxInputBytes() + " bytes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw inputError(sourceName, "input is not valid UTF-8");
    }
    return decode(text, sourceName);
  }

  private static ManifestException inputError(String sourceName, String reason) {
    return new ManifestException(List.of(new ManifestError(sourceName, 0, "", "", "", reason, 0, 0)));
  }

  /** snakeyaml's problem text without its source snippet, placed at the problem's position. */
  private static ManifestError syntaxError(String sourceName, int document, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    StringBuilder reason = new StringBuilder("invalid YAML: ");
    if (e.getContext() != null) {
      reason.append(e.getContext()).append(": ");
    }
    reason.append(e.getProblem() != null ? e.getProblem() : e.getMessage());
    return new ManifestError(sourceName, document, "", "", "", reason.toString().strip(),
        mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1);
  }

  @Override
  public String toYaml(Message object) {
    return ManifestYaml.writer().dump(ManifestTree.document(kindOf(object), object));
  }

  @Override
  public String toYaml(List<? extends Message> objects) {
    Yaml writer = ManifestYaml.writer();
    return objects.stream()
        .map(object -> writer.dump(ManifestTree.document(kindOf(object), object)))
        .collect(Collectors.joining(DOCUMENT_SEPARATOR));
  }

  @Override
  public String toJson(Message object) {
    return JsonText.write(ManifestTree.document(kindOf(object), object));
  }

  @Override
  public String toJson(List<? extends Message> objects) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", objects.stream()
        .map(object -> ManifestTree.document(kindOf(object), object))
        .toList());
    return JsonText.write(list);
  }

  @Override
  public String kindOf(Message object) {
    return kinds.kindOf(Objects.requireNonNull(object, "object"));
  }

  @Override
  public List<String> kinds() {
    return kinds.names();
  }
}
