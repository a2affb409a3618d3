package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.app.TestChain;
import io.cybergraph.node.cli.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  /** How long two stopped validators of four must leave the chain without a block. */
  private static final long STALL_WINDOW_MS = 6_000;

  @TempDir Path dir;

  private DevnetNode node(String name, Path home) throws Exception {
    return new DevnetNode(name, home, dir, DEADLINE, c -> c.consensus.timeoutCommitMs = 200);
  }

  /** Validator indexes in {@code n}'s commit of {@code height}. */
  private static List<Integer> signers(DevnetNode n, long height) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (JsonNode s : n.rpc.get("/commit?height=" + height).at("/signed_header/commit/signatures")) {
      out.add(s.get("validator_index").asInt());
    }
    return out;
  }

  @Test
  void fourValidatorsAgreeSurviveCrashesStallWithoutQuorumAndFullNodesFollow() throws Exception {
    Path net = dir.resolve("net");
    cli("testnet", "--validators", "4", "--full-nodes", "2", "--chain-id", CHAIN,
        "--output", net.toString(), "--base-port", Integer.toString(DevnetPorts.freeBasePort(6)));
    List<DevnetNode> validators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      validators.add(node("node" + i, net.resolve("node" + i)));
    }
    DevnetNode full = node("node4", net.resolve("node4"));
    DevnetNode late = node("node5", net.resolve("node5"));
    List<DevnetNode> all = new ArrayList<>(validators);
    all.add(full);
    try {
      for (DevnetNode n : all) {
        n.start();
      }
      for (DevnetNode n : all) {
        n.awaitRpc();
      }
      // 1. blocks by consensus; links sent to two validators, queried on the full node
      for (DevnetNode n : all) {
        n.awaitHeight(3);
      }
      assertEquals("40", validators.get(1).rpc.get("/consensus_state")
          .at("/prevotes/total_power").asText());
      List<String> hashes = new ArrayList<>();
      List<String> neurons = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        DevnetNode v = validators.get(i);
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
      DevnetNode victim = validators.get(3);
      assertEquals(137, victim.process.kill9());
      long atKill = validators.get(0).height();
      validators.get(0).awaitHeight(atKill + 5);
      victim.start().awaitRpc();
      long target = validators.get(0).height();
      victim.awaitHeight(target);
      long caughtUp = victim.height();
      victim.await(victim.name + " signing again", () -> {
        try {
          long h = victim.height();
          for (long x = caughtUp + 1; x <= h; x++) {
            if (signers(victim, x).contains(3)) {
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
        for (DevnetNode n : List.of(validators.get(0), validators.get(1), full)) {
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
      for (DevnetNode n : all) {
        n.awaitHeight(stalledAt + 4);
      }

      // 4. a full node started late syncs from 1 and follows
      all.add(late);
      late.start().awaitRpc();
      long now = validators.get(0).height();
      late.awaitHeight(now + 2);
      assertTrue(late.log().contains("block sync: following from height 0"), late.log());

      // 5. one chain, no halts
      long common = Long.MAX_VALUE;
      for (DevnetNode n : all) {
        common = Math.min(common, n.height());
      }
      List<String> reference = validators.get(0).chain(common);
      for (DevnetNode n : all.subList(1, all.size())) {
        assertEquals(reference, n.chain(common), n.name + " differs from node0");
      }
      for (DevnetNode n : all) {
        assertTrue(n.alive(), n.name + " stopped:\n" + n.log());
        assertFalse(n.log().contains("halted"), n.name + ":\n" + n.log());
      }
    } finally {
      for (DevnetNode n : all) {
        n.kill();
      }
    }
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }
}
