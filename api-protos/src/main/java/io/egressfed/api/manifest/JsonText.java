package io.egressfed.api.manifest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a manifest tree as indented JSON. Characters that JSON allows raw but YAML parsers treat
 * as line breaks or reject (NEL, LS, PS, C1 controls, U+FFFE/U+FFFF, lone surrogates) are escaped,
 * so the decoder, a YAML parser, reads the text back unchanged.
 */
final class JsonText {

  private static final String INDENT = "  ";

  private JsonText() {
  }

  static String write(Object tree) {
    StringBuilder out = new StringBuilder();
    value(out, tree, 0);
    return out.append('\n').toString();
  }

  private static void value(StringBuilder out, Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      object(out, map, depth);
    } else if (value instanceof List<?> list) {
      array(out, list, depth);
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof Double number && !Double.isFinite(number)) {
      // proto JSON's spelling: JSON itself has no NaN or Infinity.
      string(out, number.isNaN() ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("not a manifest tree value: " + value);
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<?, ?> entry = entries.next();
      out.append(INDENT.repeat(depth + 1));
      string(out, String.valueOf(entry.getKey()));
      out.append(": ");
      value(out, entry.getValue(), depth + 1);
      out.append(entries.hasNext() ? ",\n" : "\n");
    }
    out.append(INDENT.repeat(depth)).append('}');
  }

  private static void array(StringBuilder out, List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (int i = 0; i < list.size(); i++) {
      out.append(INDENT.repeat(depth + 1));
      value(out, list.get(i), depth + 1);
      out.append(i + 1 < list.size() ? ",\n" : "\n");
    }
    out.append(INDENT.repeat(depth)).append(']');
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || Character.isSurrogate(c) || c == '\ufffe' || c == '\uffff';
  }
}
