package io.egressfed.api.manifest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Manifest field names (proto json_name), field paths and "did you mean" hints. */
final class FieldNames {

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private FieldNames() {
  }

  static Optional<FieldDescriptor> find(Descriptor type, String name) {
    return type.getFields().stream().filter(field -> field.getJsonName().equals(name)).findFirst();
  }

  /** {@code spec} + {@code cidrs} is {@code spec.cidrs}; at the root, just {@code cidrs}. */
  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Map keys read like fields ({@code metadata.labels.team}) unless they need quoting. */
  static String mapKey(String path, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return child(path, key);
    }
    return path + "[" + YamlNodes.quote(key) + "]";
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  /**
   * The candidate a user most likely meant: same letters ignoring case, '-' and '_' (which also
   * maps proto names such as {@code egress_ip} to {@code egressIP}), or at most two edits away.
   */
  static Optional<String> closest(String input, Collection<String> candidates) {
    String normalizedInput = normalize(input);
    Optional<String> sameLetters = candidates.stream()
        .filter(candidate -> normalize(candidate).equals(normalizedInput))
        .findFirst();
    if (sameLetters.isPresent()) {
      return sameLetters;
    }
    int allowedEdits = Math.min(2, Math.max(1, input.length() / 4));
    return candidates.stream()
        .filter(candidate -> editDistance(normalizedInput, normalize(candidate)) <= allowedEdits)
        .min(Comparator.comparingInt(candidate -> editDistance(normalizedInput, normalize(candidate))));
  }

  private static String normalize(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
