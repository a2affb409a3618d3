package io.cybergraph.node.metrics;

import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus exporter on {@code metrics.laddr} (default 127.0.0.1:26660): {@code GET
 * /metrics} in the text exposition format, {@code GET /-/healthy}. Uses the exporter's own
 * small HTTP server.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Serves {@code metrics} on {@code address} (port 0 picks a free one). */
  public static MetricsServer start(HostPort address, NodeMetrics metrics) {
    try {
      HTTPServer server =
          HTTPServer.builder()
              .hostname(address.host())
              .port(address.port())
              .registry(metrics.registry())
              .buildAndStart();
      log.info("metrics on {}", new HostPort(address.host(), server.getPort()));
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on " + address + ": " + e.getMessage(), e);
    }
  }

  /** Serves on config.toml's {@code metrics.laddr}; null when {@code metrics.enabled} is false. */
  public static MetricsServer startIfEnabled(NodeConfig.MetricsSection config, NodeMetrics metrics) {
    return config.enabled ? start(HostPort.parse(config.laddr), metrics) : null;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
