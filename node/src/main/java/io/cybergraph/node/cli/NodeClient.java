package io.cybergraph.node.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CLI's HTTP client of the node RPC ({@code docs/rpc.md}): GET with query parameters, POST
 * with a JSON body; answers parsed as JSON. A node error ({@code {"error": {code, message}}})
 * becomes a {@link CliException} quoting it (exit 2 for a 400, else 1); an unreachable node
 * becomes "cannot reach node at URL: reason" (exit 1): connection refused, a host that does
 * not resolve, a timeout.
 */
final class NodeClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  NodeClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  URI base() {
    return base;
  }

  /** GET {@code path} with the parameters (in the map's order; null values are left out). */
  JsonNode get(String path, Map<String, String> params) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((name, value) -> {
      if (value != null) {
        query.add(encode(name) + "=" + encode(value));
      }
    });
    return send(HttpRequest.newBuilder(URI.create(base + path + query)).GET());
  }

  /** POST {@code path} with a JSON body. */
  JsonNode post(String path, Object body) {
    byte[] json;
    try {
      json = CliCommand.PRETTY.writeValueAsBytes(body);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw CliException.failure(
          "node at " + base + " did not answer within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable(
          unresolved(e) ? "cannot resolve host " + base.getHost() : "connection refused");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted");
    }
    JsonNode answer;
    try {
      answer = CliCommand.PRETTY.readTree(response.body());
    } catch (JacksonException e) {
      throw CliException.failure(
          "node at " + base + " answered " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() / 100 != 2) {
      JsonNode error = answer == null ? null : answer.get("error");
      String what = error != null && error.has("code")
          ? error.path("code").asText() + ": " + error.path("message").asText()
              + details(error.get("details"))
          : "no error object";
      int exit = response.statusCode() == 400 ? CliException.BAD_INPUT : CliException.FAILURE;
      throw new CliException(exit, "node answered " + response.statusCode() + " " + what);
    }
    return answer;
  }

  /** {@code " (expected 5, got 8)"} from an error's details, or "". */
  private static String details(JsonNode details) {
    if (details == null || !details.isObject() || details.isEmpty()) {
      return "";
    }
    StringJoiner out = new StringJoiner(", ", " (", ")");
    details.fields().forEachRemaining(e -> out.add(e.getKey() + " " + e.getValue().asText()));
    return out.toString();
  }

  /** Whether the connection failed because the host name did not resolve. */
  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private CliException unreachable(String reason) {
    return CliException.failure("cannot reach node at " + base + ": " + reason);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
