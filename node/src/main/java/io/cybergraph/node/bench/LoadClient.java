package io.cybergraph.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** The load generator's HTTP client of the node RPC: status code and JSON body of each call. */
final class LoadClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer; {@link #code()} is the error code of a refusal ("" on success). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status == 200;
    }

    String code() {
      return body.path("error").path("code").asText("");
    }

    String message() {
      return body.path("error").path("message").asText(body.toString());
    }
  }

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  LoadClient(URI base) {
    this.base = base;
  }

  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    return answer(http.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60))
            .GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()));
  }

  /** GET that must succeed. */
  JsonNode getOk(String pathAndQuery) throws IOException, InterruptedException {
    Answer a = get(pathAndQuery);
    if (!a.ok()) {
      throw new Refused("GET " + pathAndQuery + ": " + a.status() + " " + a.code() + ": "
          + a.message());
    }
    return a.body();
  }

  /** The node answered, with an error: it is up, the request was not right for it. */
  static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** POSTs {@code {"tx": base64}} to a broadcast endpoint. */
  Answer broadcast(String path, byte[] tx) throws IOException, InterruptedException {
    byte[] body = ("{\"tx\":\"" + Base64.getEncoder().encodeToString(tx) + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return answer(http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static Answer answer(HttpResponse<byte[]> r) throws IOException {
    byte[] body = r.body();
    return new Answer(r.statusCode(),
        body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body));
  }
}
