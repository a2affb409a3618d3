package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcException;
import io.cybergraph.proto.crypto.Address;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every query subcommand's mapping from options to an endpoint and its parameters. */
class QueryCommandTest {

  static final String CID = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";
  static final String CID2 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  static final String ADDRESS = Address.toBech32(new byte[20]);
  static final String HASH = "ab".repeat(32);

  @TempDir static Path dir;
  static CaptureServer node;
  static String home;

  @BeforeAll
  static void start() {
    node = new CaptureServer().handleAll(r -> {
      if ("999".equals(r.param("height"))) {
        throw RpcException.notFound("unknown_height", "no block at height 999 (latest is 5)");
      }
      Map<String, Object> echo = new LinkedHashMap<>();
      echo.put("path", r.path());
      echo.put("params", r.params());
      echo.put("big", "18446744073709551615");
      return echo;
    }).start();
    home = dir.resolve("home").toString();
    new NodeHome(dir.resolve("home")).keyring()
        .add("alice", io.cybergraph.proto.crypto.KeyPair.generate(new java.security.SecureRandom()));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void clear() {
    node.requests.clear();
  }

  record Case(List<String> args, RpcEndpoint endpoint, Map<String, String> params) {}

  static Case q(RpcEndpoint endpoint, Map<String, String> params, String... args) {
    return new Case(List.of(args), endpoint, params);
  }

  static List<Case> cases() {
    return List.of(
        q(RpcEndpoint.HEALTH, Map.of(), "health"),
        q(RpcEndpoint.STATUS, Map.of(), "status"),
        q(RpcEndpoint.GENESIS, Map.of(), "genesis"),
        q(RpcEndpoint.BLOCK, Map.of(), "block"),
        q(RpcEndpoint.BLOCK, Map.of("height", "5"), "block", "--height", "5"),
        q(RpcEndpoint.BLOCKCHAIN, Map.of("min", "2", "max", "9"), "blockchain", "--min", "2",
            "--max", "9"),
        q(RpcEndpoint.COMMIT, Map.of("height", "3"), "commit", "--height", "3"),
        q(RpcEndpoint.TX, Map.of("hash", HASH), "tx", "0x" + HASH.toUpperCase()),
        q(RpcEndpoint.TX, Map.of("hash", HASH, "prove", "true"), "tx", HASH, "--prove"),
        q(RpcEndpoint.NUM_UNCONFIRMED_TXS, Map.of(), "num-unconfirmed-txs"),
        q(RpcEndpoint.ACCOUNT, Map.of("address", ADDRESS), "account", ADDRESS),
        q(RpcEndpoint.LINKS, Map.of("neuron", ADDRESS, "from_height", "2", "to_height", "4",
            "limit", "10"), "links", "--neuron", ADDRESS, "--from-height", "2", "--to-height", "4",
            "--limit", "10"),
        q(RpcEndpoint.LINKS, Map.of("particle", CID, "direction", "in", "next", "AAAB"), "links",
            "--particle", CID, "--direction", "in", "--next", "AAAB"),
        q(RpcEndpoint.LINK, Map.of("from", CID, "to", CID2), "link", CID, CID2),
        q(RpcEndpoint.RANK_PARTICLE, Map.of("cid", CID), "rank-particle", CID),
        q(RpcEndpoint.RANK_PARTICLE, Map.of("cid", CID, "height", "7"), "rank-particle", CID,
            "--height", "7"),
        q(RpcEndpoint.RANK_TOP, Map.of("limit", "3"), "rank-top", "--limit", "3"),
        q(RpcEndpoint.RANK_SEARCH, Map.of("cid", CID2), "rank-search", CID2),
        q(RpcEndpoint.RANK_SEARCH, Map.of("cid", CID2, "order", "context"), "rank-search", CID2,
            "--order", "context"),
        q(RpcEndpoint.RANK_EXPLAIN, Map.of("cid", CID), "explain", CID),
        q(RpcEndpoint.RANK_CONTEXT, Map.of("cid", CID, "top", "5"), "context", CID, "--top", "5"),
        q(RpcEndpoint.RANK_BACKLINKS, Map.of("cid", CID, "limit", "2", "next", "xyz"),
            "rank-backlinks", CID, "--limit", "2", "--next", "xyz"),
        q(RpcEndpoint.KARMA, Map.of("neuron", ADDRESS), "karma", ADDRESS),
        q(RpcEndpoint.RANK_PARAMS, Map.of(), "rank-params"),
        q(RpcEndpoint.GRAPH_STATS, Map.of(), "graph-stats"),
        q(RpcEndpoint.BANDWIDTH, Map.of("neuron", ADDRESS), "bandwidth", ADDRESS),
        q(RpcEndpoint.NET_INFO, Map.of(), "net-info"),
        q(RpcEndpoint.VALIDATORS, Map.of("height", "1"), "validators", "--height", "1"),
        q(RpcEndpoint.CONSENSUS_STATE, Map.of(), "consensus-state"),
        q(RpcEndpoint.EVIDENCE, Map.of(), "evidence"),
        q(RpcEndpoint.EVIDENCE, Map.of("height", "4", "status", "pending", "limit", "5",
            "next", "abc"), "evidence", "--height", "4", "--pending", "--limit", "5", "--next",
            "abc"));
  }

  @Test
  void everyQueryEndpointHasASubcommandThatMapsItsOptions() throws Exception {
    Set<RpcEndpoint> covered = EnumSet.noneOf(RpcEndpoint.class);
    for (Case c : cases()) {
      node.requests.clear();
      List<String> args = new java.util.ArrayList<>();
      args.add("query");
      args.addAll(c.args());
      args.addAll(List.of("--node", node.url(), "--home", home));
      Cli.Result result = Cli.run(args.toArray(String[]::new)).ok();
      assertEquals(1, node.requests.size(), c.toString());
      CaptureServer.Captured sent = node.last();
      assertEquals("GET", sent.method());
      assertEquals(c.endpoint().path(), sent.path(), c.toString());
      assertEquals(c.params(), sent.params(), c.toString());
      JsonNode printed = result.json();
      assertEquals(c.endpoint().path(), printed.get("path").asText());
      assertEquals("18446744073709551615", printed.get("big").asText());
      covered.add(c.endpoint());
    }
    Set<RpcEndpoint> queries = EnumSet.allOf(RpcEndpoint.class);
    queries.removeAll(Set.of(RpcEndpoint.BROADCAST_TX_SYNC, RpcEndpoint.BROADCAST_TX_COMMIT));
    assertEquals(queries, covered);
  }

  @Test
  void keyNamesStandForTheirAddresses() {
    String alice = new NodeHome(dir.resolve("home")).keyring().get("alice").address();
    Cli.run("query", "account", "alice", "--node", node.url(), "--home", home).ok();
    assertEquals(Map.of("address", alice), node.last().params());
    Cli.run("query", "links", "--neuron", "alice", "--node", node.url(), "--home", home).ok();
    assertEquals(Map.of("neuron", alice), node.last().params());
  }

  @Test
  void answersArePrettyJson() {
    Cli.Result r = Cli.run("q", "status", "--node", node.url(), "--home", home).ok();
    assertTrue(r.out().startsWith("{\n  \"path\" : \"/status\""), r.out());
  }

  @Test
  void badOptionsAreRefusedLocally() {
    String[] common = {"--node", node.url(), "--home", home};
    assertBad(2, "--height must be >= 1", "block", "--height", "0");
    assertBad(2, "--min 5 is above --max 2", "blockchain", "--min", "5", "--max", "2");
    assertBad(2, "HASH: expected 64 hex characters", "tx", "abc");
    assertBad(2, "CID: invalid CID", "rank-particle", "QmNope");
    assertBad(2, "ADDRESS: invalid address", "account", "cyber1qqqq");
    assertBad(2, "is neither a cyber1... address nor a key", "account", "bob");
    assertBad(2, "exactly one of --neuron and --particle", "links");
    assertBad(2, "exactly one of --neuron and --particle", "links", "--neuron", ADDRESS,
        "--particle", CID);
    assertBad(2, "--direction goes with --particle", "links", "--neuron", ADDRESS,
        "--direction", "in");
    assertBad(2, "--from-height and --to-height go with --neuron", "links", "--particle", CID,
        "--to-height", "3");
    assertBad(2, "--direction must be out or in", "links", "--particle", CID, "--direction",
        "up");
    assertBad(2, "--limit must be >= 1", "rank-top", "--limit", "0");
    assertBad(2, "--top must be >= 1", "explain", CID, "--top", "0");
    assertBad(2, "--order must be focus or context", "rank-search", CID, "--order", "up");
    assertEquals(0, node.requests.size());
    Cli.Result usage = Cli.run(concat(new String[] {"query", "block", "--height", "x"}, common));
    assertEquals(2, usage.exitCode());
  }

  @Test
  void nodeErrorsAreOneLine() {
    Cli.run("query", "block", "--height", "999", "--node", node.url(), "--home", home)
        .fails(1, "node answered 404 unknown_height: no block at height 999 (latest is 5)");
  }

  @Test
  void theNodeDefaultsToTheHomesRpcAddress() throws Exception {
    Path other = dir.resolve("configured");
    NodeConfig config = new NodeConfig();
    config.rpc.laddr = "0.0.0.0:" + node.port(); // a wildcard is reached on 127.0.0.1
    ConfigLoader.write(config, new NodeHome(other).configToml());
    Cli.run("query", "health", "--home", other.toString()).ok();
    assertEquals("/health", node.last().path());
  }

  private void assertBad(int code, String message, String... args) {
    Cli.run(concat(concat(new String[] {"query"}, args),
        new String[] {"--node", node.url(), "--home", home})).fails(code, message);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
