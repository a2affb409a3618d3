package io.cybergraph.node.rpc;

import java.nio.charset.StandardCharsets;

/**
 * A complete HTTP error answer as bytes, for the handlers that answer before (or beside) the
 * HTTP codec: the connection limits and the request deadline. Always {@code Connection: close}:
 * the connection ends after it.
 */
final class RawAnswer {

  private RawAnswer() {}

  /** E.g. {@code of(503, "Service Unavailable", "too_many_connections", "...")}. */
  static byte[] of(int status, String reason, String code, String message) {
    byte[] body = RpcJson.error(code, message);
    String head =
        "HTTP/1.1 " + status + " " + reason + "\r\n"
            + "content-type: application/json; charset=utf-8\r\n"
            + "content-length: " + body.length + "\r\n"
            + "connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] answer = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
    System.arraycopy(body, 0, answer, headBytes.length, body.length);
    return answer;
  }
}
