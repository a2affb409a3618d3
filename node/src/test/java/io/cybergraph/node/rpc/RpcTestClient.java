package io.cybergraph.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Talks to a test server over real sockets: java.net.http for requests, raw sockets for the rest. */
final class RpcTestClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int port;

  RpcTestClient(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return post(pathAndQuery, HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> post(String pathAndQuery, HttpRequest.BodyPublisher body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .POST(body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /**
   * Asserts an error answer: the status, exactly {"error": {"code", "message"}}, the code, a
   * message containing {@code messagePart}, and nothing that looks like a stack trace.
   */
  static JsonNode assertError(
      HttpResponse<String> response, int status, String code, String messagePart)
      throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    return assertErrorBody(response.body(), code, messagePart);
  }

  /** As {@link #assertError(HttpResponse, int, String, String)}, for a raw response. */
  static JsonNode assertError(RawResponse response, int status, String code, String messagePart)
      throws IOException {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.headers().getOrDefault("content-type", "").startsWith("application/json"));
    return assertErrorBody(response.body(), code, messagePart);
  }

  static JsonNode assertErrorBody(String body, String code, String messagePart)
      throws IOException {
    JsonNode root = JSON.readTree(body);
    assertEquals(1, root.size(), body);
    JsonNode error = root.get("error");
    assertEquals(2, error.size(), body);
    assertEquals(code, error.get("code").asText(), body);
    String message = error.get("message").asText();
    assertTrue(message.contains(messagePart), "'" + message + "' should contain '" + messagePart + "'");
    assertNoStackTrace(body);
    return error;
  }

  static void assertNoStackTrace(String body) {
    assertFalse(body.contains("\tat "), body);
    assertFalse(body.contains("at io."), body);
    assertFalse(body.contains("Exception"), body);
    assertFalse(body.contains("\n"), body);
  }

  /** A raw HTTP response read off a socket. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  /** Reads one HTTP/1.1 response with a content-length body; null at end of stream. */
  static RawResponse read(InputStream in) throws IOException {
    String statusLine = readLine(in);
    if (statusLine == null) {
      return null;
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    return socket;
  }

  static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  static Iterator<String> fieldNames(JsonNode node) {
    return node.fieldNames();
  }
}
