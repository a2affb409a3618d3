package io.cybergraph.node.devnet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A short-timeout client of one devnet node's RPC, for {@code cyber devnet}: a node that is
 * down or slow is reported, never waited for long. Failures are {@link IOException}s whose
 * message is short enough for a status column.
 */
public final class NodeRpc {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  public NodeRpc(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .build();
  }

  /** The RPC address of a node's config; a wildcard listen address is reached on 127.0.0.1. */
  public static URI baseOf(NodeConfig config) {
    HostPort laddr = HostPort.parse(config.rpc.laddr);
    String host = laddr.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + new HostPort(host, laddr.port()));
  }

  public URI base() {
    return base;
  }

  /**
   * GET {@code /status}, checked to come from the node with ID {@code nodeId}: another node on
   * the same port (another devnet) is an {@link IOException} naming it.
   */
  public JsonNode status(String nodeId) throws IOException {
    JsonNode status = get("/status");
    String id = status.path("node_info").path("id").asText("");
    if (!id.isEmpty() && !id.equalsIgnoreCase(nodeId)) {
      throw new IOException("answered by another node, id " + id);
    }
    return status;
  }

  /** GET {@code path} (e.g. {@code /status}) and parse the JSON answer. */
  public JsonNode get(String path) throws IOException {
    HttpResponse<String> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("connection refused", e);
    } catch (HttpTimeoutException e) {
      throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(path + " answered " + response.statusCode());
    }
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new IOException(path + " answered something that is not JSON", e);
    }
  }
}
