package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator and full nodes, each its own process ({@code cyber start}) on 127.0.0.1, in one
 * devnet, scenario after scenario:
 *
 * <ol>
 *   <li>two full nodes made with {@code cyber init --full-node} follow the validator; links sent
 *       to a full node's RPC are gossiped to the validator, committed, and visible on every
 *       node; {@code /net_info} and {@code /status} show the peers and that nobody is behind;
 *   <li>a third full node started after 200 blocks syncs from height 1 (taking up a verified
 *       rank snapshot, with unsynced catch-up writes), is killed with kill -9 while syncing,
 *       restarts from where it stopped (taking up the stored snapshot) and then follows;
 *   <li>every node has the same block hash, app hash and rank root at every height.
 * </ol>
 */
class FullNodeSyncIT {
  private static final String CHAIN = "sync-it-1";
  private static final long DEADLINE_MS = 120_000;

  @TempDir Path dir;

  /** One node of the devnet: its home, RPC, p2p address and process. */
  private final class Node {
    final String name;
    final Path home;
    final Rpc rpc;
    final int rpcPort;
    final int p2pPort;
    NodeProcess process;
    int starts;

    Node(String name, Path home) throws Exception {
      this.name = name;
      this.home = home;
      NodeHome h = new NodeHome(home);
      NodeConfig config = ConfigLoader.load(h.configToml());
      rpcPort = freePort();
      p2pPort = freePort();
      config.rpc.laddr = "127.0.0.1:" + rpcPort;
      config.p2p.laddr = "127.0.0.1:" + p2pPort;
      config.metrics.enabled = false;
      config.consensus.timeoutCommitMs = 80;
      config.rank.threads = 1;
      config.store.blockCacheMb = 16;
      config.store.writeBufferMb = 8;
      config.rpc.broadcastCommitTimeoutMs = 60_000;
      ConfigLoader.write(config, h.configToml());
      rpc = new Rpc(rpcPort);
    }

    Node start() throws Exception {
      process = NodeProcess.start(home, dir, name + "-" + ++starts);
      await(name + " serving RPC", () -> {
        try {
          return rpc.call("/health").status() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      return this;
    }

    String id() {
      return cli("show-node-id", "--home", home.toString()).strip();
    }

    String address() {
      return id() + "@127.0.0.1:" + p2pPort;
    }

    long height() {
      try {
        return status().at("/sync_info/latest_block_height").asLong();
      } catch (Exception e) {
        return -1;
      }
    }

    JsonNode status() throws Exception {
      return rpc.get("/status");
    }

    void awaitHeight(long height) {
      await(name + " at height " + height, () -> height() >= height);
    }

    /**
     * Per height: block hash, the app hash its header carries (after the height before) and
     * its rank root, read 20 blocks at a time from {@code /blockchain}.
     */
    List<String> chain(long upTo) throws Exception {
      List<String> out = new ArrayList<>();
      for (long min = 1; min <= upTo; min += 20) {
        long max = Math.min(upTo, min + 19);
        JsonNode metas = rpc.get("/blockchain?min=" + min + "&max=" + max).get("block_metas");
        assertEquals(max - min + 1, metas.size(), name + " blocks " + min + ".." + max);
        for (int i = metas.size() - 1; i >= 0; i--) { // newest first in the answer
          JsonNode m = metas.get(i);
          out.add(m.at("/header/height").asText() + " " + m.at("/block_id/hash").asText()
              + " app " + m.at("/header/app_hash").asText() + " rank "
              + m.at("/header/rank_root").asText() + "@" + m.at("/header/rank_height").asText());
        }
      }
      assertEquals(upTo, out.size());
      return out;
    }

    String log() {
      return process.log();
    }
  }

  @Test
  void fullNodesFollowTheValidatorGossipLinksAndSyncFromScratchThroughAKill() throws Exception {
    Path validatorHome = dir.resolve("validator");
    cli("init", "--home", validatorHome.toString(), "--chain-id", CHAIN, "--moniker", "validator");
    String genesis = validatorHome.resolve("config/genesis.json").toString();
    Node validator = new Node("validator", validatorHome);
    Node fullA = fullNode("full-a", genesis, validator);
    Node fullB = fullNode("full-b", genesis, validator);
    List<Node> all = new ArrayList<>(List.of(validator, fullA, fullB)); // stopped at the end
    try {
      for (Node n : all) {
        n.start();
      }
      // 1. links sent to a full node's RPC reach the validator through gossip and come back
      //    to every node in blocks
      validator.awaitHeight(3);
      String from = TestChain.cid(1);
      String to = TestChain.cid(2);
      JsonNode sent = Rpc.JSON.readTree(cli("tx", "link", from, to, "--home",
          validatorHome.toString(), "--node", "http://127.0.0.1:" + fullA.rpcPort, "--commit"));
      long linkHeight = sent.get("height").asLong();
      String txHash = sent.get("hash").asText();
      String neuron = cli("keys", "show", "validator", "-a", "--home", validatorHome.toString())
          .strip();
      for (Node n : all) {
        n.awaitHeight(linkHeight);
        assertEquals(linkHeight, n.rpc.get("/tx?hash=" + txHash).get("height").asLong(), n.name);
        JsonNode links = n.rpc.get("/links?neuron=" + neuron);
        assertEquals(1, links.get("links").size(), n.name + ": " + links);
      }
      for (Node full : List.of(fullA, fullB)) {
        JsonNode net = full.rpc.get("/net_info");
        assertEquals(1, net.get("n_peers").asInt(), full.name + ": " + net);
        JsonNode peer = net.get("peers").get(0);
        assertEquals(validator.id(), peer.get("node_id").asText());
        assertTrue(peer.get("is_outbound").asBoolean());
        assertTrue(peer.get("height").asLong() >= linkHeight, net.toString());
        await(full.name + " not catching up",
            () -> !statusField(full, "/sync_info/catching_up").asBoolean());
        assertEquals("0", statusField(full, "/validator_info/voting_power").asText(),
            "a full node has no validator key");
      }
      assertEquals(2, validator.rpc.get("/net_info").get("n_peers").asInt());

      // 2. a full node started after 200 blocks syncs from 1; kill -9 mid-sync; it resumes
      validator.awaitHeight(200);
      Node late = fullNode("full-late", genesis, validator);
      all.add(late); // stopped in the finally block whatever happens
      late.start();
      long target = validator.height();
      await("the late node syncing", () -> late.height() >= 20);
      long beforeKill = late.height();
      // 200 blocks behind: it took up a verified focus instead of computing every height
      assertTrue(late.log().contains("rank snapshot: installed the focus of height"), late.log());
      assertEquals(137, late.process.kill9());
      assertTrue(beforeKill < target,
          "the late node was still syncing when killed (at " + beforeKill + " of " + target + ")");
      late.start();
      Matcher resumed = Pattern.compile("block sync: following from height (\\d+)")
          .matcher("");
      await("the restarted node resuming", () -> resumed.reset(late.log()).find());
      long resumedAt = Long.parseLong(resumed.group(1));
      assertTrue(resumedAt >= beforeKill,
          "resumed at " + resumedAt + ", had committed " + beforeKill + " before the kill");
      await("the late node caught up", () -> late.log().contains("block sync: caught up at height"));
      if (resumedAt < target - 2) { // killed before reaching the snapshot: taken up from the store
        assertTrue(late.log().contains("the store holds a focus fetched for height"), late.log());
      }
      // with a block every 80 ms a node just caught up can be two behind for a moment
      await("the late node not catching up",
          () -> !statusField(late, "/sync_info/catching_up").asBoolean(true));
      late.awaitHeight(validator.height() + 3); // and follows new blocks

      // 3. the same chain everywhere
      long common = Long.MAX_VALUE;
      for (Node n : all) {
        common = Math.min(common, n.height());
      }
      List<String> reference = validator.chain(common);
      for (Node n : all.subList(1, all.size())) {
        assertEquals(reference, n.chain(common), n.name + " differs from the validator");
      }
      for (Node n : all) {
        assertFalse(n.log().contains("halted"), n.name + ": " + n.log());
        assertTrue(n.process.alive(), n.name);
      }
    } finally {
      for (Node n : all) {
        if (n.process != null) {
          n.process.close();
        }
      }
    }
  }

  /** {@code cyber init --full-node} with the validator as peer, then ports and quick settings. */
  private Node fullNode(String name, String genesis, Node peer) throws Exception {
    Path home = dir.resolve(name);
    cli("init", "--full-node", "--home", home.toString(), "--moniker", name,
        "--genesis", genesis, "--peers", peer.address());
    return new Node(name, home);
  }

  private static JsonNode statusField(Node n, String pointer) {
    try {
      return n.status().at(pointer);
    } catch (Exception e) {
      return Rpc.JSON.missingNode();
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + DEADLINE_MS + " ms waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }
}
