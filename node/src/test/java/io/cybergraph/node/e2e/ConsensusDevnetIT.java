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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators and two full nodes made with {@code cyber testnet}, each its own process
 * ({@code cyber start}) on 127.0.0.1, one devnet through every scenario (to keep CI time down):
 *
 * <ol>
 *   <li>the validators agree on blocks by BFT consensus; links sent to two different validators
 *       are committed and queryable on the full node;
 *   <li>kill -9 of one validator: blocks keep coming; restarted, it catches up and signs again;
 *   <li>two validators stopped (half the power): no block within a fixed window; restarted,
 *       blocks come again;
 *   <li>a full node started late syncs from height 1 and follows;
 *   <li>every node has the same block hash, app hash and rank root at every height, and no node
 *       halted.
 * </ol>
 */
class ConsensusDevnetIT {
  private static final String CHAIN = "consensus-it-1";
  private static final long DEADLINE_MS = 120_000;
  /** Starting a JVM and RocksDB took 2 minutes at load average 67 on 2 cores. */
  private static final long START_DEADLINE_MS = 240_000;
  /** How long two stopped validators of four must leave the chain without a block. */
  private static final long STALL_WINDOW_MS = 6_000;

  @TempDir Path dir;

  /** One node: its home, RPC and process. */
  private final class Node {
    final String name;
    final Path home;
    final Rpc rpc;
    final int rpcPort;
    NodeProcess process;
    int starts;

    Node(String name, Path home) throws Exception {
      this.name = name;
      this.home = home;
      NodeHome h = new NodeHome(home);
      NodeConfig config = ConfigLoader.load(h.configToml());
      rpcPort = Integer.parseInt(config.rpc.laddr.substring(config.rpc.laddr.lastIndexOf(':') + 1));
      config.metrics.enabled = false;
      config.consensus.timeoutCommitMs = 200;
      config.consensus.timeoutProposeMs = 1_500;
      config.consensus.timeoutPrevoteMs = 500;
      config.consensus.timeoutPrecommitMs = 500;
      config.rank.threads = 1;
      config.store.blockCacheMb = 8;
      config.store.writeBufferMb = 8;
      config.rpc.broadcastCommitTimeoutMs = 60_000;
      ConfigLoader.write(config, h.configToml());
      rpc = new Rpc(rpcPort);
    }

    Node start() throws Exception {
      process = NodeProcess.start(home, dir, name + "-" + ++starts);
      return this;
    }

    Node awaitRpc() {
      await(name + " serving RPC", () -> {
        if (!process.alive()) {
          throw new AssertionError(name + " exited:\n" + process.log());
        }
        try {
          return rpc.call("/health").status() == 200;
        } catch (Exception e) {
          return false;
        }
      }, () -> process.log(), START_DEADLINE_MS);
      return this;
    }

    long height() {
      try {
        return rpc.get("/status").at("/sync_info/latest_block_height").asLong();
      } catch (Exception e) {
        return -1;
      }
    }

    void awaitHeight(long height) {
      await(name + " at height " + height, () -> height() >= height, () -> process.log(),
          DEADLINE_MS);
    }

    /** Validator indexes in this node's commit of {@code height}. */
    List<Integer> signers(long height) throws Exception {
      List<Integer> out = new ArrayList<>();
      for (JsonNode s : rpc.get("/commit?height=" + height).at("/signed_header/commit/signatures")) {
        out.add(s.get("validator_index").asInt());
      }
      return out;
    }

    /** Per height: block hash, app hash and rank root, from {@code /blockchain}. */
    List<String> chain(long upTo) throws Exception {
      List<String> out = new ArrayList<>();
      for (long min = 1; min <= upTo; min += 20) {
        long max = Math.min(upTo, min + 19);
        JsonNode metas = rpc.get("/blockchain?min=" + min + "&max=" + max).get("block_metas");
        for (int i = metas.size() - 1; i >= 0; i--) {
          JsonNode m = metas.get(i);
          out.add(m.at("/header/height").asText() + " " + m.at("/block_id/hash").asText()
              + " app " + m.at("/header/app_hash").asText() + " rank "
              + m.at("/header/rank_root").asText() + "@" + m.at("/header/rank_height").asText());
        }
      }
      assertEquals(upTo, out.size(), name + " blocks 1.." + upTo);
      return out;
    }
  }

  @Test
  void fourValidatorsAgreeSurviveCrashesStallWithoutQuorumAndFullNodesFollow() throws Exception {
    Path net = dir.resolve("net");
    cli("testnet", "--validators", "4", "--full-nodes", "2", "--chain-id", CHAIN,
        "--output", net.toString(), "--base-port", Integer.toString(DevnetPorts.freeBasePort(6)));
    List<Node> validators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      validators.add(new Node("node" + i, net.resolve("node" + i)));
    }
    Node full = new Node("node4", net.resolve("node4"));
    Node late = new Node("node5", net.resolve("node5"));
    List<Node> all = new ArrayList<>(validators);
    all.add(full);
    try {
      for (Node n : all) {
        n.start();
      }
      for (Node n : all) {
        n.awaitRpc();
      }
      // 1. blocks by consensus; links sent to two validators, queried on the full node
      for (Node n : all) {
        n.awaitHeight(3);
      }
      assertEquals("40", validators.get(1).rpc.get("/consensus_state")
          .at("/prevotes/total_power").asText());
      List<String> hashes = new ArrayList<>();
      List<String> neurons = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Node v = validators.get(i);
        JsonNode sent = Rpc.JSON.readTree(cli("tx", "link", TestChain.cid(10 * i),
            TestChain.cid(10 * i + 1), "--home", v.home.toString(), "--node",
            "http://127.0.0.1:" + v.rpcPort, "--commit"));
        hashes.add(sent.get("hash").asText());
        neurons.add(cli("keys", "show", "validator", "-a", "--home", v.home.toString()).strip());
        full.awaitHeight(sent.get("height").asLong());
      }
      for (int i = 0; i < 2; i++) {
        assertTrue(full.rpc.get("/tx?hash=" + hashes.get(i)).get("height").asLong() > 0);
        assertEquals(1, full.rpc.get("/links?neuron=" + neurons.get(i)).get("links").size(),
            "the link of " + neurons.get(i) + " on the full node");
      }
      assertEquals("0", full.rpc.get("/status").at("/validator_info/voting_power").asText());
      assertEquals("10", validators.get(0).rpc.get("/status")
          .at("/validator_info/voting_power").asText());

      // 2. kill -9 one validator: the others go on; restarted, it catches up and signs again
      Node victim = validators.get(3);
      assertEquals(137, victim.process.kill9());
      long atKill = validators.get(0).height();
      validators.get(0).awaitHeight(atKill + 5);
      victim.start().awaitRpc();
      long target = validators.get(0).height();
      victim.awaitHeight(target);
      long caughtUp = victim.height();
      await(victim.name + " signing again", () -> {
        try {
          long h = victim.height();
          for (long x = caughtUp + 1; x <= h; x++) {
            if (victim.signers(x).contains(3)) {
              return true;
            }
          }
          return false;
        } catch (Exception e) {
          return false;
        }
      });

      // 3. two validators stopped: no quorum, no block; restarted: blocks again
      assertEquals(143, validators.get(2).process.terminate());
      assertEquals(137, validators.get(3).process.kill9());
      long stalledAt = Math.max(validators.get(0).height(), validators.get(1).height());
      long windowEnd = System.currentTimeMillis() + STALL_WINDOW_MS;
      while (System.currentTimeMillis() < windowEnd) {
        for (Node n : List.of(validators.get(0), validators.get(1), full)) {
          long h = n.height();
          // a block whose last precommit left a stopped validator just before it stopped may
          // still be committed: one block, no more
          assertTrue(h <= stalledAt + 1, n.name + " reached height " + h
              + " with half the voting power stopped (stalled at " + stalledAt + ")");
        }
        Thread.sleep(200); // sampling a window in which nothing may happen
      }
      validators.get(2).start();
      validators.get(3).start();
      for (Node n : all) {
        n.awaitHeight(stalledAt + 4);
      }

      // 4. a full node started late syncs from 1 and follows
      all.add(late);
      late.start().awaitRpc();
      long now = validators.get(0).height();
      late.awaitHeight(now + 2);
      assertTrue(late.process.log().contains("block sync: following from height 0"),
          late.process.log());

      // 5. one chain, no halts
      long common = Long.MAX_VALUE;
      for (Node n : all) {
        common = Math.min(common, n.height());
      }
      List<String> reference = validators.get(0).chain(common);
      for (Node n : all.subList(1, all.size())) {
        assertEquals(reference, n.chain(common), n.name + " differs from node0");
      }
      for (Node n : all) {
        assertTrue(n.process.alive(), n.name + " stopped:\n" + n.process.log());
        assertFalse(n.process.log().contains("halted"), n.name + ":\n" + n.process.log());
      }
    } finally {
      for (Node n : all) {
        if (n.process != null) {
          n.process.close();
        }
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "", DEADLINE_MS);
  }

  /** Polls until {@code condition} holds; on timeout the message ends with {@code context}. */
  private static void await(String what, BooleanSupplier condition,
      java.util.function.Supplier<String> context, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        String tail = context.get();
        tail = tail.length() > 4000 ? tail.substring(tail.length() - 4000) : tail;
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what
            + (tail.isEmpty() ? "" : "\n" + tail));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }
}
