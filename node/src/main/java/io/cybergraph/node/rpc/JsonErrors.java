package io.cybergraph.node.rpc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Jackson's read errors in a client's words. Jackson has no exception types for a duplicate
 * field or for trailing data, so those two are told apart by the start of its message (a test
 * pins both: a Jackson upgrade that rewords them fails it, it does not silently mislead).
 */
final class JsonErrors {

  private JsonErrors() {}

  /** Whether the value was complete but more JSON followed it. */
  static boolean isTrailingData(MismatchedInputException e) {
    String message = e.getOriginalMessage();
    return message != null && message.startsWith("Trailing token");
  }

  /** The name of the field given twice, or null when {@code e} is another error. */
  static String duplicateField(StreamReadException e) {
    String message = e.getOriginalMessage();
    if (message == null || !message.startsWith("Duplicate ")) {
      return null;
    }
    // the parser has just read the repeated name when it throws
    JsonParser parser = e.getProcessor();
    try {
      return parser == null ? null : parser.currentName();
    } catch (java.io.IOException ignored) {
      return null;
    }
  }

  /**
   * Jackson's own words with the line and column, without the "[Source: REDACTED ...]" parts
   * that say nothing to a client.
   */
  static String describe(StreamReadException e) {
    String message =
        RpcRequest.oneLine(String.valueOf(e.getOriginalMessage()))
            .replaceAll("\\[Source: [^;\\]]*; ", "[");
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return message;
    }
    return message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
