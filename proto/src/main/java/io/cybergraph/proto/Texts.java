package io.cybergraph.proto;

/** Shows untrusted text in error messages: quoted, bounded, control characters escaped. */
public final class Texts {

  private static final int MAX_SHOWN = 100;

  private Texts() {}

  /** {@code "value"} with at most 100 characters shown and control characters as \\uXXXX. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) : text;
    StringBuilder out = new StringBuilder(shown.length() + 16).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isWhitespace(c) && c != ' ') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (text.length() > MAX_SHOWN) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
