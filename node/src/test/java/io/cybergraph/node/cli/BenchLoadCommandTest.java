package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.node.service.NodeService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cyber bench load} against a real node (RocksDB, RPC over sockets) in this JVM. */
class BenchLoadCommandTest {
  @TempDir Path dir;

  @Test
  void loadsANodeAndReportsCommittedLinksAndLatency() throws Exception {
    Path home = dir.resolve("home");
    Cli.run("init", "--home", home.toString(), "--chain-id", "bench-1").ok();
    NodeHome h = new NodeHome(home);
    NodeConfig config = ConfigLoader.load(h.configToml());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    config.rpc.laddr = "127.0.0.1:" + port;
    config.metrics.enabled = false;
    config.consensus.timeoutCommitMs = 100;
    config.rank.threads = 1;
    config.store.blockCacheMb = 8;
    config.store.writeBufferMb = 8;
    ConfigLoader.write(config, h.configToml());
    byte[] genesis = Files.readAllBytes(h.genesisJson());
    try (NodeService node = NodeService.start(config, GenesisLoader.parse(genesis, "genesis"),
        genesis, ValidatorKeyFile.read(h.privValidatorKeyJson()), h.dataDir(), "id", "test")) {
      Cli.Result r = Cli.run("bench", "load", "--home", home.toString(), "--accounts", "4",
          "--txs", "20", "--links-per-tx", "5", "--concurrency", "6", "--json").ok();
      JsonNode report = r.json();
      assertEquals(100, report.get("links_committed").asLong());
      assertEquals(20, report.get("txs_committed").asLong());
      assertEquals(0, report.get("errors").asLong());
      assertTrue(report.get("links_per_s").asLong() > 0);
      assertTrue(report.get("latency_ms_p99").asLong() >= report.get("latency_ms_p50").asLong());
      assertEquals(200, report.get("graph_particles").asLong());
      assertEquals(100, node.node().store().linkCount());

      Cli.run("bench", "load", "--home", home.toString(), "--accounts", "0").fails(2, "must be >= 1");
      Cli.run("bench", "load", "--home", home.toString(), "--from", "nobody").fails(2, "nobody");
    }
  }
}
