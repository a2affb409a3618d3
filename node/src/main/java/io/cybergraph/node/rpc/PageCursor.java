package io.cybergraph.node.rpc;

import io.cybergraph.proto.Texts;
import java.util.Base64;

/**
 * Paging cursors: the opaque {@code next} strings of paged answers. A handler encodes the
 * position after the last item it returned (its own bytes, e.g. a link sequence number) and
 * decodes it when the client passes it back. On the wire: base64url without padding.
 */
public final class PageCursor {

  /** Longer cursors are refused before decoding. */
  public static final int MAX_TEXT_LENGTH = 256;

  private PageCursor() {}

  public static String encode(byte[] position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(position);
  }

  /** The position bytes; 400 {@code bad_parameter} naming {@code next} when malformed. */
  public static byte[] decode(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw RpcException.badParameter(Params.NEXT, "not a cursor of this node (too long)");
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      if (bytes.length == 0) {
        throw RpcException.badParameter(Params.NEXT, "empty cursor");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw RpcException.badParameter(
          Params.NEXT, "not a cursor of this node: " + Texts.quote(text));
    }
  }
}
