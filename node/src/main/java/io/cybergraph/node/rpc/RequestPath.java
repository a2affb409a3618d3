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

  /**
   * {@code uri} with every byte above 0x7f written as its percent-escape. Netty reads the
   * request line one char per byte; escaped, the query's raw UTF-8 bytes decode as UTF-8 in
   * {@link io.netty.handler.codec.http.QueryStringDecoder}, exactly as their escapes would
   * (else {@code ?q=é} arrived as {@code Ã©}).
   */
  static String escapeHighBytes(String uri) {
    StringBuilder out = null;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c > 0x7f && out == null) {
        out = new StringBuilder(uri.length() + 16).append(uri, 0, i);
      }
      if (out != null) {
        if (c > 0x7f) {
          out.append('%').append(Character.forDigit(c >> 4 & 0xf, 16))
              .append(Character.forDigit(c & 0xf, 16));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? uri : out.toString();
  }
}
