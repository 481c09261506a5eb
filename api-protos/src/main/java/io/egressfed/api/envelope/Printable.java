package io.egressfed.api.envelope;

/** Renders untrusted strings for error messages: quoted, shortened and free of control characters. */
final class Printable {

  private static final int MAX_CHARS = 80;

  private Printable() {}

  /**
   * Quotes a string that may come from an attacker, so that a message naming it stays one short line.
   *
   * @param value the untrusted value, may be null
   * @return the value in single quotes, control characters escaped, cut after 80 characters
   */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 16).append('\'');
    int shown = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (value.length() > MAX_CHARS) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
