package io.cybergraph.node.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The path of a request URL as routes are matched against it: exactly as sent, not
 * percent-decoded. Decoding first would route {@code /rank%2Fexplain} as {@code /rank/explain}
 * and {@code /%68ealth} as {@code /health}, behind the back of a proxy that filters paths;
 * as sent, those are simply unknown paths. An escaped {@code /} or NUL is refused outright: no
 * endpoint has one and a proxy may decode it. The bytes are read as UTF-8, so an error
 * message shows {@code /é}, not its bytes as Latin-1.
 */
final class RequestPath {

  private RequestPath() {}

  /**
   * The path of {@code uri} (before any {@code ?} or {@code #}); 400 {@code bad_request} when it
   * holds a malformed or forbidden escape or bytes that are not UTF-8.
   *
   * @param uri the request target as Netty read it: one char per byte
   */
  static String of(String uri) {
    int end = uri.length();
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String raw = uri.substring(0, end);
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
        throw new RpcException(400, "bad_request",
            "malformed URL: bad percent-escape in the path at index " + i);
      }
      int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
      if (value == '/' || value == 0) {
        throw new RpcException(400, "bad_request",
            "malformed URL: the path has an escaped " + (value == 0 ? "NUL" : "\"/\"") + " ("
                + raw.substring(i, i + 3) + ")");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RpcException(400, "bad_request", "malformed URL: the path is not valid UTF-8");
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
