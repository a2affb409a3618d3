package io.cybergraph.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  @Test
  void scrapeShowsWhatTheNodeReported() throws Exception {
    NodeMetrics metrics = new NodeMetrics();
    metrics.blockCommitted(41, 900_000_000L, 2, 5);
    metrics.blockCommitted(42, 1_500_000_000L, 3, 7);
    metrics.rankComputed(40, 35, 7, 1L << 57, 1200, 12345);
    metrics.mempoolSize(9);
    metrics.peers(3);
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), metrics)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
      Map<String, Double> samples = parse(response.body());
      assertEquals(42.0, samples.get("cyber_consensus_height"));
      assertEquals(1.5, samples.get("cyber_consensus_block_interval_seconds"));
      assertEquals(5.0, samples.get("cyber_txs_total"));
      assertEquals(12.0, samples.get("cyber_links_total"));
      assertEquals(9.0, samples.get("cyber_mempool_size"));
      assertEquals(0.035, samples.get("cyber_rank_duration_seconds"));
      assertEquals(7.0, samples.get("cyber_rank_iterations"));
      assertEquals(0.125, samples.get("cyber_rank_delta"));
      assertEquals(40.0, samples.get("cyber_rank_height"));
      assertEquals(1200.0, samples.get("cyber_graph_particles"));
      assertEquals(12345.0, samples.get("cyber_graph_links"));
      assertEquals(3.0, samples.get("cyber_p2p_peers"));
      assertTrue(response.body().contains("# HELP cyber_consensus_height Latest committed block height."));
      assertTrue(response.body().matches("(?s).*# TYPE cyber_txs(_total)? counter.*"), response.body());
    }
  }

  @Test
  void twoNodesInOneJvmHaveSeparateRegistries() {
    NodeMetrics a = new NodeMetrics();
    NodeMetrics b = new NodeMetrics();
    a.peers(1);
    b.peers(2);
    assertTrue(a.registry() != b.registry());
  }

  @Test
  void disabledMeansNoServerAndATakenPortIsAClearError() throws Exception {
    NodeConfig.MetricsSection config = new NodeConfig.MetricsSection();
    config.enabled = false;
    assertNull(MetricsServer.startIfEnabled(config, new NodeMetrics()));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> MetricsServer.start(new HostPort("127.0.0.1", taken.getLocalPort()),
              new NodeMetrics()));
      assertTrue(e.getMessage().startsWith("cannot serve metrics on 127.0.0.1:"), e.getMessage());
    }
  }

  /** Sample lines "name value" (no labels here) into a map. */
  private static Map<String, Double> parse(String exposition) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split(" ");
      samples.put(parts[0], Double.parseDouble(parts[1]));
    }
    return samples;
  }
}
