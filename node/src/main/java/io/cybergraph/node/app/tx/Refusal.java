package io.cybergraph.node.app.tx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal: its code, a one-line message for people, and the facts behind it (e.g. {@code
 * expected}/{@code got} for a sequence, {@code available}/{@code needed} for bandwidth) as
 * strings, in a fixed order, for clients that act on them: numbers in decimal, other facts (a
 * chain id, a CID, an address, where in the tx) as their text.
 */
public record Refusal(RefusalCode code, String message, Map<String, String> details) {

  public Refusal {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static Refusal of(RefusalCode code, String message) {
    return new Refusal(code, message, Map.of());
  }

  /** A refusal with details given as name, value, name, value, ... */
  public static Refusal of(RefusalCode code, String message, Object... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("details must be name/value pairs");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      details.put(String.valueOf(nameValues[i]), String.valueOf(nameValues[i + 1]));
    }
    return new Refusal(code, message, details);
  }

  /** {@code CODE: message}. */
  @Override
  public String toString() {
    return code + ": " + message;
  }
}
