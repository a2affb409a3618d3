package io.cybergraph.node.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON client of one node's RPC (and metrics) over real sockets. */
final class Rpc {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: HTTP status and the JSON body. */
  record Answer(int status, JsonNode body) {
    String errorCode() {
      return body.path("error").path("code").asText();
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  Rpc(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Answer call(String pathAndQuery) throws IOException, InterruptedException {
    return answer(http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()));
  }

  Answer post(String path, byte[] body) throws IOException, InterruptedException {
    return answer(http.send(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  /** GET that must answer 200. */
  JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    Answer a = call(pathAndQuery);
    if (a.status() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + a.status() + " " + a.body());
    }
    return a.body();
  }

  /** The raw text of a GET (metrics). */
  String text(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Answer answer(HttpResponse<String> r) throws IOException {
    String body = r.body();
    return new Answer(r.statusCode(), body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
  }
}
