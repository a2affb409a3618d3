package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestnetCommandTest {
  @TempDir Path dir;

  @Test
  void writesLocalHomesWithThePortLayout() throws Exception {
    Path out = dir.resolve("net");
    Cli.Result result = Cli.run("testnet", "--validators", "3", "--full-nodes", "2",
        "--output", out.toString(), "--base-port", "30000", "--chain-id", "test-net-7",
        "--genesis-time", "2026-01-02T03:04:05Z").ok();
    List<NodeHome> homes = homes(out, 5);

    byte[] genesisBytes = Files.readAllBytes(homes.get(0).genesisJson());
    ChainGenesis genesis = GenesisLoader.load(homes.get(0).genesisJson());
    assertEquals("test-net-7", genesis.chainId());
    assertEquals(1_767_323_045_000_000_000L, genesis.genesisTimeNs());
    assertEquals(3, genesis.validators().size());
    assertEquals(3, genesis.accounts().size());
    List<String> nodeIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      NodeHome home = homes.get(i);
      assertArrayEquals(
          genesisBytes, Files.readAllBytes(home.genesisJson()), "genesis of node" + i);
      nodeIds.add(NodeKeyFile.nodeId(NodeKeyFile.read(home.nodeKeyJson()).publicKey()));
      assertTrue(Files.isDirectory(home.dataDir()));
      assertTrue(result.out().contains(nodeIds.get(i)), result.out());
    }
    assertEquals(5, nodeIds.stream().distinct().count());

    for (int i = 0; i < 3; i++) { // validators: key in genesis at equal power, funded account
      NodeHome home = homes.get(i);
      KeyPair validator = ValidatorKeyFile.read(home.privValidatorKeyJson());
      ChainGenesis.Validator inGenesis = genesis.validators().get(i);
      assertArrayEquals(validator.publicKey(), inGenesis.publicKey());
      assertEquals(10, inGenesis.power());
      assertEquals("node" + i, inGenesis.name());
      StoredKey account = home.keyring().get("validator");
      assertArrayEquals(account.keys().address(), genesis.accounts().get(i).address());
      assertEquals(1_000_000_000_000L, genesis.accounts().get(i).balance());
      assertFalse(account.keys().equals(validator));
      assertOwnerOnly(home.nodeKeyJson(), home.privValidatorKeyJson(),
          home.keyring().file("validator"));
      assertTrue(result.out().contains(account.address()), result.out());
    }
    for (int i = 3; i < 5; i++) { // full nodes: no validator key, no account
      NodeHome home = homes.get(i);
      assertFalse(Files.exists(home.privValidatorKeyJson()), home.toString());
      assertEquals(List.of(), home.keyring().list());
      assertOwnerOnly(home.nodeKeyJson());
    }

    for (int i = 0; i < 5; i++) {
      NodeConfig config = ConfigLoader.load(homes.get(i).configToml());
      int p2p = 30000 + 10 * i;
      assertEquals("node" + i, config.moniker);
      assertEquals("127.0.0.1:" + p2p, config.p2p.laddr);
      assertEquals("127.0.0.1:" + p2p, config.p2p.externalAddress);
      assertEquals("127.0.0.1:" + (p2p + 1), config.rpc.laddr);
      assertEquals("127.0.0.1:" + (p2p + 2), config.metrics.laddr);
      List<String> expectedPeers = new ArrayList<>();
      for (int j = 0; j < 5; j++) {
        if (j != i) {
          expectedPeers.add(nodeIds.get(j) + "@127.0.0.1:" + (30000 + 10 * j));
        }
      }
      assertEquals(expectedPeers, config.p2p.persistentPeerList(), "peers of node" + i);
      assertEquals(0, config.consensus.timeoutCommitBusyMs, "no commit pause while txs wait");
      assertEquals(1000, config.consensus.timeoutCommitMs);
    }
    assertTrue(result.out().startsWith("wrote 5 homes in " + out + " for chain test-net-7"
        + " (3 validators, 2 full nodes)"), result.out());
    assertTrue(result.out().contains(
        HexFormat.of().formatHex(genesis.hash())), result.out());
  }

  @Test
  void localNodesLetEveryOtherNodeInFromTheirSharedAddress() throws Exception {
    Path small = dir.resolve("small");
    Cli.run("testnet", "--validators", "2", "--output", small.toString(), "--base-port", "30000")
        .ok();
    assertEquals(8, ConfigLoader.load(homes(small, 2).get(0).configToml()).p2p.maxInboundPerIp,
        "the default where it is enough");
    Path big = dir.resolve("big");
    Cli.run("testnet", "--validators", "10", "--full-nodes", "3", "--output", big.toString(),
        "--base-port", "30000").ok();
    for (int i = 0; i < 13; i++) {
      NodeHome home = new NodeHome(big.resolve("node" + i));
      assertEquals(12 + 2, ConfigLoader.load(home.configToml()).p2p.maxInboundPerIp,
          "12 others and room for reconnects: " + home);
    }
  }

  @Test
  void defaultsAreOneMachineFromPort26656AndChainCyberDevnet() throws Exception {
    Path out = dir.resolve("net");
    Cli.run("testnet", "--validators", "1", "--output", out.toString()).ok();
    NodeHome home = homes(out, 1).get(0);
    assertEquals("cyber-devnet", GenesisLoader.load(home.genesisJson()).chainId());
    NodeConfig config = ConfigLoader.load(home.configToml());
    assertEquals("127.0.0.1:26656", config.p2p.laddr);
    assertEquals("127.0.0.1:26657", config.rpc.laddr);
    assertEquals("127.0.0.1:26658", config.metrics.laddr);
    assertEquals(List.of(), config.p2p.persistentPeerList());
  }

  @Test
  void hostnamesGiveContainerHomes() throws Exception {
    Path out = dir.resolve("net");
    Cli.Result result = Cli.run("testnet", "--validators", "2", "--full-nodes", "1",
        "--output", out.toString(), "--hostnames", "val-a,val-b,full.example").ok();
    List<NodeHome> homes = homes(out, 3);
    List<String> hosts = List.of("val-a", "val-b", "full.example");
    List<String> nodeIds = new ArrayList<>();
    for (NodeHome home : homes) {
      nodeIds.add(NodeKeyFile.nodeId(NodeKeyFile.read(home.nodeKeyJson()).publicKey()));
    }
    ChainGenesis genesis = GenesisLoader.load(homes.get(0).genesisJson());
    assertEquals(List.of("val-a", "val-b"),
        genesis.validators().stream().map(ChainGenesis.Validator::name).toList());
    for (int i = 0; i < 3; i++) {
      NodeConfig config = ConfigLoader.load(homes.get(i).configToml());
      assertEquals(hosts.get(i), config.moniker);
      assertEquals(8, config.p2p.maxInboundPerIp, "one node per host: the default");
      assertEquals("0.0.0.0:26656", config.p2p.laddr);
      assertEquals("0.0.0.0:26657", config.rpc.laddr);
      assertEquals("0.0.0.0:26660", config.metrics.laddr);
      assertEquals(hosts.get(i) + ":26656", config.p2p.externalAddress);
      List<String> expectedPeers = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (j != i) {
          expectedPeers.add(nodeIds.get(j) + "@" + hosts.get(j) + ":26656");
        }
      }
      assertEquals(expectedPeers, config.p2p.persistentPeerList());
    }
    assertFalse(Files.exists(homes.get(2).privValidatorKeyJson()));
    assertTrue(result.out().contains("node2 (full.example) full node"), result.out());
  }

  @Test
  void badInputIsOneLineAndWritesNothing() throws Exception {
    Path out = dir.resolve("net");
    String o = out.toString();
    Cli.run("testnet", "--validators", "0", "--output", o).fails(2, "--validators must be 1..100");
    Cli.run("testnet", "--validators", "2", "--full-nodes", "-1", "--output", o)
        .fails(2, "--full-nodes must be 0..98");
    Cli.run("testnet", "--validators", "2", "--output", o, "--hostnames", "a,b,c")
        .fails(2, "--hostnames names 3 hosts for 2 nodes");
    Cli.run("testnet", "--validators", "2", "--full-nodes", "1", "--output", o,
        "--hostnames", "a,b").fails(2, "--hostnames names 2 hosts for 3 nodes");
    Cli.run("testnet", "--validators", "2", "--output", o, "--hostnames", "a,a")
        .fails(2, "'a' is named twice");
    Cli.run("testnet", "--validators", "1", "--output", o, "--hostnames", "bad_host")
        .fails(2, "'bad_host' is not a host name");
    Cli.run("testnet", "--validators", "1", "--output", o, "--hostnames", "a",
        "--base-port", "30000").fails(2, "--base-port and --hostnames exclude each other");
    Cli.run("testnet", "--validators", "4", "--output", o, "--base-port", "65510")
        .fails(2, "--base-port 65510 puts the ports of 4 nodes at 65510..65542");
    Cli.run("testnet", "--validators", "1", "--output", o, "--base-port", "0")
        .fails(2, "--base-port 0");
    Cli.run("testnet", "--validators", "1", "--output", o, "--chain-id", "bad id!")
        .fails(2, "chain_id");
    Cli.run("testnet", "--validators", "1", "--output", o, "--genesis-time", "soon")
        .fails(2, "genesis_time");
    assertFalse(Files.exists(out));
    assertEquals(2, Cli.run("testnet", "--output", o).exitCode()); // --validators missing
    assertFalse(Files.exists(out));
  }

  @Test
  void refusesAUsedOrUnwritableOutput() throws Exception {
    Path used = Files.createDirectories(dir.resolve("used"));
    Files.writeString(used.resolve("notes.txt"), "mine");
    Cli.run("testnet", "--validators", "1", "--output", used.toString())
        .fails(2, "output " + used + " is not empty; refusing to overwrite it");
    try (Stream<Path> entries = Files.list(used)) {
      assertEquals(List.of(used.resolve("notes.txt")), entries.toList());
    }

    Path file = Files.writeString(dir.resolve("file"), "x");
    Cli.run("testnet", "--validators", "1", "--output", file.toString()).fails(2, "is a file");
    Path below = file.resolve("net"); // a folder cannot be made inside a file, even by root
    Cli.run("testnet", "--validators", "1", "--output", below.toString())
        .fails(2, "cannot write " + below);
    assertEquals("x", Files.readString(file));

    Path net = dir.resolve("net");
    Cli.run("testnet", "--validators", "1", "--output", net.toString()).ok();
    byte[] genesis = Files.readAllBytes(net.resolve("node0/config/genesis.json"));
    Cli.run("testnet", "--validators", "1", "--output", net.toString()).fails(2, "not empty");
    assertArrayEquals(genesis, Files.readAllBytes(net.resolve("node0/config/genesis.json")));
  }

  /** The homes node0..node{count-1}, and nothing else in {@code out}. */
  private static List<NodeHome> homes(Path out, int count) throws Exception {
    List<NodeHome> homes = new ArrayList<>();
    List<Path> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add(out.resolve("node" + i));
      homes.add(new NodeHome(out.resolve("node" + i)));
    }
    try (Stream<Path> entries = Files.list(out)) {
      assertEquals(expected, entries.sorted().toList());
    }
    return homes;
  }

  private static void assertOwnerOnly(Path... files) throws Exception {
    for (Path file : files) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
  }
}
