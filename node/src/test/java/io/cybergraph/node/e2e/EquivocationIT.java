package io.cybergraph.node.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.cli.Cli;
import io.cybergraph.node.home.NodeHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @TempDir Path dir;

  /** The evidence {@code n} lists as committed (empty while it does not answer). */
  private static JsonNode committedEvidence(DevnetNode n) {
    try {
      return n.rpc.get("/evidence?limit=100").get("evidence");
    } catch (Exception e) {
      return Rpc.JSON.createArrayNode();
    }
  }

  @Test
  void anEquivocatingValidatorIsRecordedOnEveryNodeAndTheChainDoesNotFork() throws Exception {
    Path net = dir.resolve("net");
    cli("testnet", "--validators", "4", "--full-nodes", "1", "--chain-id", CHAIN,
        "--output", net.toString(), "--base-port", Integer.toString(DevnetPorts.freeBasePort(5)));
    List<DevnetNode> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(new DevnetNode("node" + i, net.resolve("node" + i), dir, DEADLINE,
          c -> c.consensus.timeoutCommitMs = 300));
    }
    String equivocator = io.cybergraph.proto.crypto.Address.toBech32(
        io.cybergraph.node.home.ValidatorKeyFile.read(
            new NodeHome(nodes.get(0).home).privValidatorKeyJson()).address());
    try {
      nodes.get(0).start("--unsafe-equivocate");
      for (int i = 1; i < nodes.size(); i++) {
        nodes.get(i).start();
      }
      for (DevnetNode n : nodes) {
        n.await(n.name + " lists committed evidence", () -> committedEvidence(n).size() > 0);
      }
      long committedAt = 0;
      for (DevnetNode n : nodes) {
        for (JsonNode e : committedEvidence(n)) {
          assertEquals("duplicate_vote", e.get("type").asText());
          assertEquals(equivocator, e.get("validator_address").asText(),
              n.name + ": only the equivocator is accused");
          assertFalse(e.get("committed_height").isNull());
          committedAt = Math.max(committedAt, e.get("committed_height").asLong());
        }
        JsonNode block = n.rpc.get("/block?height="
            + committedEvidence(n).get(0).get("committed_height").asLong());
        assertTrue(block.at("/block/evidence/evidence").size() > 0, n.name + " /block");
      }
      long upTo = committedAt + 3;
      for (DevnetNode n : nodes) {
        n.awaitHeight(upTo);
      }
      List<String> reference = nodes.get(1).chain(upTo);
      for (DevnetNode n : nodes) {
        assertEquals(reference, n.chain(upTo), n.name + " has another chain");
        assertTrue(n.alive(), n.name + " stopped:\n" + n.log());
        assertFalse(n.log().contains("halted"), n.name + ":\n" + n.log());
      }
      assertTrue(nodes.get(0).log().contains("UNSAFE"), "the equivocator says so in its log");
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (DevnetNode n : nodes) {
        logs.append("\n--- ").append(n.name).append(" (height ").append(n.height())
            .append(n.alive() ? ", running" : ", stopped")
            .append(")\n");
        List<String> lines = n.log().lines().toList();
        lines.subList(Math.max(0, lines.size() - 25), lines.size())
            .forEach(l -> logs.append(l).append('\n'));
      }
      throw new AssertionError(logs.toString(), e);
    } finally {
      for (DevnetNode n : nodes) {
        n.stop();
      }
    }
  }

  /** Runs a CLI command in this JVM; returns stdout, failing on a non-zero exit. */
  private static String cli(String... args) {
    return Cli.run(args).ok().out();
  }
}
