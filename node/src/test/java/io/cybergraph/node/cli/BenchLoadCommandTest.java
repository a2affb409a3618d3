package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.service.NodeService;
import io.cybergraph.node.service.SmallNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cyber bench load} against a real node (RocksDB, RPC over sockets) in this JVM. */
class BenchLoadCommandTest {
  @TempDir Path dir;

  @Test
  void loadsANodeAndReportsCommittedLinksAndLatency() throws Exception {
    // the home is node0 of a devnet folder, so --devnet can be run against the same node
    Path home = dir.resolve("devnet").resolve("node0");
    try (SmallNode small = SmallNode.start(home, "bench-1", 100)) {
      NodeService node = small.service();
      NodeHome h = small.home();
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

      // open loop: 6 txs due 0.2 s apart, so the last is not even sent before 1 s
      JsonNode open = Cli.run("bench", "load", "--home", home.toString(), "--accounts", "4",
          "--txs", "6", "--links-per-tx", "5", "--concurrency", "6", "--rate", "5", "--json")
          .ok().json();
      assertEquals(30, open.get("links_committed").asLong());
      assertEquals(25, open.get("offered_links_per_s").asLong());
      assertTrue(open.get("seconds").asDouble() >= 1.0, open.toString());
      assertEquals(130, node.node().store().linkCount());

      // warm-up: all 6 txs are sent and committed, only the last 3 are in the figures; the
      // window opens when the 4th is due (0.6 s in) and closes after the 6th (due at 1.0 s)
      JsonNode warm = Cli.run("bench", "load", "--home", home.toString(), "--accounts", "4",
          "--txs", "6", "--warmup-txs", "3", "--links-per-tx", "5", "--concurrency", "6",
          "--rate", "5", "--json").ok().json();
      assertEquals(15, warm.get("links_committed").asLong(), warm.toString());
      assertEquals(3, warm.get("txs_committed").asLong());
      assertEquals(3, warm.get("warmup_txs").asLong());
      assertEquals(0, warm.get("errors").asLong());
      assertTrue(warm.get("seconds").asDouble() >= 0.4, warm.toString());
      assertEquals(160, node.node().store().linkCount());

      // more links per account than its whole bandwidth: said at once, not found out by waiting
      Cli.Result starved = Cli.run("bench", "load", "--home", home.toString(), "--accounts", "1",
          "--txs", "100000", "--links-per-tx", "5", "--timeout", "1");
      assertTrue(starved.err().contains("less than its share of the load (500000 links): the run"
          + " will wait on refills"), starved.err());
      assertEquals(1, starved.exitCode(), starved.err());

      Cli.run("bench", "load", "--home", home.toString(), "--accounts", "0").fails(2, "must be >= 1");
      Cli.run("bench", "load", "--home", home.toString(), "--rate", "-1").fails(2, "--rate");
      Cli.run("bench", "load", "--home", home.toString(), "--txs", "4", "--warmup-txs", "4")
          .fails(2, "--warmup-txs");
      Cli.run("bench", "load", "--home", home.toString(), "--from", "nobody").fails(2, "nobody");

      // --devnet: node1 is a second home with the same RPC address and keys, so the load has
      // two funding nodes, each funding and submitting for half of the accounts
      Path node1 = dir.resolve("devnet").resolve("node1");
      Files.createDirectories(node1);
      copyTree(h.configToml().getParent(), node1.resolve("config"));
      copyTree(h.keysDir(), node1.resolve("keys"));
      String devnet = dir.resolve("devnet").toString();
      Cli.Result both = Cli.run("bench", "load", "--devnet", devnet, "--accounts", "4",
          "--txs", "20", "--links-per-tx", "5", "--concurrency", "6");
      both.ok();
      assertTrue(both.err().contains("funded 2 accounts"), both.err());
      assertEquals(260, node.node().store().linkCount());
      assertTrue(both.out().contains("committed 100 links in 20 txs"), both.out());

      Cli.run("bench", "load", "--devnet", devnet, "--accounts", "1").fails(2, "2 funding nodes");
      Cli.run("bench", "load", "--devnet", devnet, "--home", home.toString())
          .fails(2, "excludes --home");
      Cli.run("bench", "load", "--devnet", devnet, "--from", "nobody").fails(2, "nobody");
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
  }
}
