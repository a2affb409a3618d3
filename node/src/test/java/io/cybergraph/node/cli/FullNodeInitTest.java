package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullNodeInitTest {
  private static final String PEER = "b4462cb6a7419ea2a492be6a26fdd2bbb5fa2a17@127.0.0.1:26656";
  private static final String PEER2 = "18f5ddf993374b611380cc2cea5d1c0143a53d38@[::1]:26666";

  @TempDir Path dir;

  private NodeHome validatorHome() {
    Path root = dir.resolve("validator");
    Cli.run("init", "--home", root.toString(), "--chain-id", "chain-7").ok();
    return new NodeHome(root);
  }

  /** Beside a validator on one machine: the validator's ports would be taken. */
  @Test
  void basePortMovesTheListenPorts() throws Exception {
    NodeHome validator = validatorHome();
    Path root = dir.resolve("beside");
    Cli.Result r = Cli.run("init", "--full-node", "--home", root.toString(), "--genesis",
        validator.genesisJson().toString(), "--peers", PEER, "--base-port", "36656").ok();
    NodeConfig config = ConfigLoader.load(new NodeHome(root).configToml());
    assertEquals("0.0.0.0:36656", config.p2p.laddr);
    assertEquals("127.0.0.1:36657", config.rpc.laddr);
    assertEquals("127.0.0.1:36658", config.metrics.laddr);
    assertTrue(r.out().contains("RPC 127.0.0.1:36657"), r.out());
    NodeConfig validatorConfig = ConfigLoader.load(validator.configToml());
    assertEquals("127.0.0.1:26657", validatorConfig.rpc.laddr, "the default without it");
    Cli.run("init", "--home", dir.resolve("v2").toString(), "--chain-id", "c", "--base-port",
        "65534").fails(2, "--base-port must be in 1..65533, got 65534");
    assertFalse(Files.exists(dir.resolve("v2")));
  }

  @Test
  void aFullNodeHomeHasTheChainsGenesisANodeKeyAndItsPeers() throws Exception {
    NodeHome validator = validatorHome();
    Path root = dir.resolve("full");
    Cli.Result r = Cli.run("init", "--full-node", "--home", root.toString(), "--moniker", "watcher",
        "--genesis", validator.genesisJson().toString(), "--peers", PEER + ", " + PEER2).ok();
    NodeHome home = new NodeHome(root);
    assertArrayEquals(Files.readAllBytes(validator.genesisJson()),
        Files.readAllBytes(home.genesisJson()), "the genesis is copied byte for byte");
    NodeConfig config = ConfigLoader.load(home.configToml());
    assertEquals("watcher", config.moniker);
    assertEquals(java.util.List.of(PEER, PEER2), config.p2p.persistentPeerList());
    assertFalse(Files.exists(home.privValidatorKeyJson()), "no validator key");
    assertFalse(Files.exists(home.keysDir()), "no account");
    assertTrue(Files.isDirectory(home.dataDir()));
    String id = NodeKeyFile.nodeId(NodeKeyFile.read(home.nodeKeyJson()).publicKey());
    assertTrue(r.out().contains("as a full node of chain chain-7"), r.out());
    assertTrue(r.out().contains("node id " + id), r.out());

    Cli.Result shown = Cli.run("show-node-id", "--home", root.toString()).ok();
    assertEquals(id + "\n", shown.out());
  }

  @Test
  void badFullNodeInputIsRefusedAndWritesNothing() throws Exception {
    NodeHome validator = validatorHome();
    String genesis = validator.genesisJson().toString();
    Path root = dir.resolve("full");
    String home = root.toString();
    Cli.run("init", "--full-node", "--home", home).fails(2, "--full-node needs --genesis FILE");
    Cli.run("init", "--full-node", "--home", home, "--genesis", dir.resolve("none.json").toString())
        .fails(2, "none.json: no such file or folder"); // not the path again
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"chain_id\": \"x\"}");
    Cli.run("init", "--full-node", "--home", home, "--genesis", broken.toString())
        .fails(2, "broken.json");
    Cli.run("init", "--full-node", "--home", home, "--genesis", genesis, "--chain-id", "other")
        .fails(2, "--chain-id other does not match the genesis (chain-7)");
    Cli.run("init", "--full-node", "--home", home, "--genesis", genesis, "--peers", "nobody@host")
        .fails(2, "--peers: peer address \"nobody@host\"");
    Cli.run("init", "--full-node", "--home", home, "--genesis", genesis, "--power", "5")
        .fails(2, "--power does not apply to --full-node");
    Cli.run("init", "--home", home, "--genesis", genesis)
        .fails(2, "--genesis and --peers go with --full-node");
    Cli.run("init", "--home", home).fails(2, "--chain-id is required");
    Path big = dir.resolve("big.json");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: read whole, it ran out of memory
    }
    Cli.run("init", "--full-node", "--home", home, "--genesis", big.toString())
        .fails(2, "big.json: too large (3221225472 bytes, at most 67108864)");
    assertFalse(Files.exists(root));
    Cli.run("init", "--full-node", "--home", validator.root().toString(), "--genesis", genesis)
        .fails(2, "is not empty");
  }

  @Test
  void showNodeIdNeedsANodeKey() throws Exception {
    Cli.run("show-node-id", "--home", Files.createDirectories(dir.resolve("empty")).toString())
        .fails(2, "no node key in");
    NodeHome validator = validatorHome();
    String id = NodeKeyFile.nodeId(NodeKeyFile.read(validator.nodeKeyJson()).publicKey());
    assertEquals(id, Cli.run("show-node-id", "--home", validator.root().toString()).ok().out().strip());
  }
}
