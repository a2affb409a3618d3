package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators and a full node as processes ({@code cyber testnet}, {@code cyber start}) on
 * 127.0.0.1; validator 0 runs with {@code --unsafe-equivocate} and signs a conflicting vote for
 * every vote. The others report it, the evidence is gossiped, committed in a block, and listed by
 * {@code /evidence} on every node, against validator 0 only; every node keeps one chain (same
 * block hashes, app hashes and rank roots) and none halts.
 */
class EquivocationIT {
  private static final String CHAIN = "evidence-test-1";
  private static final long DEADLINE_MS = 300_000;

  @TempDir Path dir;

  /** One node: its home, RPC and process. */
  private final class Node {
    final String name;
    final Path home;
    final Rpc rpc;
    NodeProcess process;

    Node(String name, Path home) throws Exception {
      this.name = name;
      this.home = home;
      NodeHome h = new NodeHome(home);
      NodeConfig config = ConfigLoader.load(h.configToml());
      int rpcPort =
          Integer.parseInt(config.rpc.laddr.substring(config.rpc.laddr.lastIndexOf(':') + 1));
      config.metrics.enabled = false;
      config.consensus.timeoutCommitMs = 300;
      config.consensus.timeoutProposeMs = 1_500;
      config.consensus.timeoutPrevoteMs = 500;
      config.consensus.timeoutPrecommitMs = 500;
      config.rank.threads = 1;
      config.store.blockCacheMb = 8;
      config.store.writeBufferMb = 8;
      ConfigLoader.write(config, h.configToml());
      rpc = new Rpc(rpcPort);
    }

    Node start(String... startOptions) throws IOException {
      process = NodeProcess.start(home, dir, name, startOptions);
      return this;
    }

    String log() {
      return process == null ? "(not started)" : process.log();
    }

    long height() {
      try {
        return rpc.get("/status").at("/sync_info/latest_block_height").asLong();
      } catch (Exception e) {
        return -1;
      }
    }

    JsonNode committedEvidence() {
      try {
        return rpc.get("/evidence?limit=100").get("evidence");
      } catch (Exception e) {
        return Rpc.JSON.createArrayNode();
      }
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
              + m.at("/header/rank_root").asText());
        }
      }
      assertEquals(upTo, out.size(), name + " blocks 1.." + upTo);
      return out;
    }

    void stop() throws InterruptedException {
      if (process != null && process.alive()) {
        try {
          process.terminate();
        } catch (AssertionError slowToStop) {
          process.close(); // as before: a node that ignores SIGTERM for 60 s is killed
        }
      }
    }
  }

  @Test
  void anEquivocatingValidatorIsRecordedOnEveryNodeAndTheChainDoesNotFork() throws Exception {
    Path net = dir.resolve("net");
    cli("testnet", "--validators", "4", "--full-nodes", "1", "--chain-id", CHAIN,
        "--output", net.toString(), "--base-port", Integer.toString(DevnetPorts.freeBasePort(5)));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(new Node("node" + i, net.resolve("node" + i)));
    }
    String equivocator = io.cybergraph.proto.crypto.Address.toBech32(
        io.cybergraph.node.home.ValidatorKeyFile.read(
            new NodeHome(nodes.get(0).home).privValidatorKeyJson()).address());
    try {
      nodes.get(0).start("--unsafe-equivocate");
      for (int i = 1; i < nodes.size(); i++) {
        nodes.get(i).start();
      }
      for (Node n : nodes) {
        await(n.name + " lists committed evidence", () -> n.committedEvidence().size() > 0);
      }
      long committedAt = 0;
      for (Node n : nodes) {
        for (JsonNode e : n.committedEvidence()) {
          assertEquals("duplicate_vote", e.get("type").asText());
          assertEquals(equivocator, e.get("validator_address").asText(),
              n.name + ": only the equivocator is accused");
          assertFalse(e.get("committed_height").isNull());
          committedAt = Math.max(committedAt, e.get("committed_height").asLong());
        }
        JsonNode block = n.rpc.get("/block?height="
            + n.committedEvidence().get(0).get("committed_height").asLong());
        assertTrue(block.at("/block/evidence/evidence").size() > 0, n.name + " /block");
      }
      long upTo = committedAt + 3;
      for (Node n : nodes) {
        await(n.name + " at height " + upTo, () -> n.height() >= upTo);
      }
      List<String> reference = nodes.get(1).chain(upTo);
      for (Node n : nodes) {
        assertEquals(reference, n.chain(upTo), n.name + " has another chain");
        assertTrue(n.process.alive(), n.name + " stopped:\n" + n.log());
        assertFalse(n.log().contains("halted"), n.name + ":\n" + n.log());
      }
      assertTrue(nodes.get(0).log().contains("UNSAFE"), "the equivocator says so in its log");
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (Node n : nodes) {
        logs.append("\n--- ").append(n.name).append(" (height ").append(n.height())
            .append(n.process != null && n.process.alive() ? ", running" : ", stopped")
            .append(")\n");
        List<String> lines = n.log().lines().toList();
        lines.subList(Math.max(0, lines.size() - 25), lines.size())
            .forEach(l -> logs.append(l).append('\n'));
      }
      throw new AssertionError(logs.toString(), e);
    } finally {
      for (Node n : nodes) {
        n.stop();
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + DEADLINE_MS + " ms waiting for " + what);
      }
      try {
        Thread.sleep(100);
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
