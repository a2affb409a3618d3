package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.net.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path dir;

  /** A node on free ports, with a block every 80 ms. */
  private DevnetNode node(String name, Path home) throws Exception {
    int rpcPort = FreePort.any();
    int p2pPort = FreePort.any();
    return new DevnetNode(name, home, dir, DEADLINE, c -> {
      c.rpc.laddr = "127.0.0.1:" + rpcPort;
      c.p2p.laddr = "127.0.0.1:" + p2pPort;
      c.consensus.timeoutCommitMs = 80;
      c.store.blockCacheMb = 16;
    });
  }

  @Test
  void fullNodesFollowTheValidatorGossipLinksAndSyncFromScratchThroughAKill() throws Exception {
    Path validatorHome = dir.resolve("validator");
    cli("init", "--home", validatorHome.toString(), "--chain-id", CHAIN, "--moniker", "validator");
    String genesis = validatorHome.resolve("config/genesis.json").toString();
    DevnetNode validator = node("validator", validatorHome);
    DevnetNode fullA = fullNode("full-a", genesis, validator);
    DevnetNode fullB = fullNode("full-b", genesis, validator);
    List<DevnetNode> all = new ArrayList<>(List.of(validator, fullA, fullB)); // stopped at the end
    try {
      for (DevnetNode n : all) {
        n.start().awaitRpc();
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
      for (DevnetNode n : all) {
        n.awaitHeight(linkHeight);
        assertEquals(linkHeight, n.rpc.get("/tx?hash=" + txHash).get("height").asLong(), n.name);
        JsonNode links = n.rpc.get("/links?neuron=" + neuron);
        assertEquals(1, links.get("links").size(), n.name + ": " + links);
      }
      for (DevnetNode full : List.of(fullA, fullB)) {
        JsonNode net = full.rpc.get("/net_info");
        assertEquals(1, net.get("n_peers").asInt(), full.name + ": " + net);
        JsonNode peer = net.get("peers").get(0);
        assertEquals(validator.id(), peer.get("node_id").asText());
        assertTrue(peer.get("is_outbound").asBoolean());
        assertTrue(peer.get("height").asLong() >= linkHeight, net.toString());
        full.await(full.name + " not catching up",
            () -> !statusField(full, "/sync_info/catching_up").asBoolean());
        assertEquals("0", statusField(full, "/validator_info/voting_power").asText(),
            "a full node has no validator key");
      }
      assertEquals(2, validator.rpc.get("/net_info").get("n_peers").asInt());

      // 2. a full node started after 200 blocks syncs from 1; kill -9 mid-sync; it resumes
      validator.awaitHeight(200);
      DevnetNode late = fullNode("full-late", genesis, validator);
      all.add(late); // stopped in the finally block whatever happens
      late.start().awaitRpc();
      long target = validator.height();
      late.await("the late node syncing", () -> late.height() >= 20);
      long beforeKill = late.height();
      // 200 blocks behind: it took up a verified focus instead of computing every height
      assertTrue(late.log().contains("rank snapshot: installed the focus of height"), late.log());
      assertEquals(137, late.process.kill9());
      assertTrue(beforeKill < target,
          "the late node was still syncing when killed (at " + beforeKill + " of " + target + ")");
      late.start().awaitRpc();
      // the killed run's locked pid file and unpacked RocksDB library are taken over, not piled up
      try (var files = java.nio.file.Files.list(late.home.resolve("tmp"))) {
        assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("librocksdbjni"))
            .count());
      }
      Matcher resumed = Pattern.compile("block sync: following from height (\\d+)")
          .matcher("");
      late.await("the restarted node resuming", () -> resumed.reset(late.log()).find());
      long resumedAt = Long.parseLong(resumed.group(1));
      assertTrue(resumedAt >= beforeKill,
          "resumed at " + resumedAt + ", had committed " + beforeKill + " before the kill");
      late.await("the late node caught up",
          () -> late.log().contains("block sync: caught up at height"));
      if (resumedAt < target - 2) { // killed before reaching the snapshot: taken up from the store
        assertTrue(late.log().contains("the store holds a focus fetched for height"), late.log());
      }
      // with a block every 80 ms a node just caught up can be two behind for a moment
      late.await("the late node not catching up",
          () -> !statusField(late, "/sync_info/catching_up").asBoolean(true));
      late.awaitHeight(validator.height() + 3); // and follows new blocks

      // 3. the same chain everywhere
      long common = Long.MAX_VALUE;
      for (DevnetNode n : all) {
        common = Math.min(common, n.height());
      }
      List<String> reference = validator.chain(common);
      for (DevnetNode n : all.subList(1, all.size())) {
        assertEquals(reference, n.chain(common), n.name + " differs from the validator");
      }
      for (DevnetNode n : all) {
        assertFalse(n.log().contains("halted"), n.name + ": " + n.log());
        assertTrue(n.alive(), n.name);
      }
    } finally {
      for (DevnetNode n : all) {
        n.kill();
      }
    }
  }

  /** {@code cyber init --full-node} with the validator as peer, then ports and quick settings. */
  private DevnetNode fullNode(String name, String genesis, DevnetNode peer) throws Exception {
    Path home = dir.resolve(name);
    cli("init", "--full-node", "--home", home.toString(), "--moniker", name,
        "--genesis", genesis, "--peers", peer.address());
    return node(name, home);
  }

  private static JsonNode statusField(DevnetNode n, String pointer) {
    try {
      return n.status().at(pointer);
    } catch (Exception e) {
      return Rpc.JSON.missingNode();
    }
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }
}
