package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ChainGenesis;
import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.GenesisLoader;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.node.home.ValidatorKeyFile;
import io.cybergraph.proto.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path dir;

  @Test
  void createsAValidHome() throws Exception {
    Path root = dir.resolve("home");
    Cli.Result result = Cli.run("init", "--home", root.toString(), "--chain-id", "test-chain-1",
        "--moniker", "alice", "--balance", "5000", "--power", "7",
        "--genesis-time", "2026-01-02T03:04:05Z").ok();
    NodeHome home = new NodeHome(root);

    ChainGenesis genesis = GenesisLoader.load(home.genesisJson());
    assertEquals("test-chain-1", genesis.chainId());
    assertEquals(1, genesis.validators().size());
    assertEquals(1, genesis.accounts().size());
    assertEquals(7, genesis.validators().get(0).power());
    assertEquals("alice", genesis.validators().get(0).name());
    assertEquals(5000, genesis.accounts().get(0).balance());
    assertEquals(1_767_323_045_000_000_000L, genesis.genesisTimeNs());

    KeyPair validator = ValidatorKeyFile.read(home.privValidatorKeyJson());
    assertArrayEquals(validator.publicKey(), genesis.validators().get(0).publicKey());
    StoredKey account = home.keyring().get("validator");
    assertArrayEquals(account.keys().address(), genesis.accounts().get(0).address());
    KeyPair nodeKey = NodeKeyFile.read(home.nodeKeyJson());
    assertFalse(nodeKey.equals(validator) || nodeKey.equals(account.keys()));
    assertEquals("alice", ConfigLoader.load(home.configToml()).moniker);
    assertTrue(Files.isDirectory(home.dataDir()));

    for (Path secret : new Path[] {home.nodeKeyJson(), home.privValidatorKeyJson(),
        home.keyring().file("validator")}) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
    }
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.dataDir())));
    for (String part : new String[] {"config/config.toml", "config/genesis.json",
        "config/node_key.json", "config/priv_validator_key.json", "keys/validator.json",
        NodeKeyFile.nodeId(nodeKey.publicKey()), account.address()}) {
      assertTrue(result.out().contains(part), part + " missing in " + result.out());
    }
  }

  @Test
  void refusesToOverwriteAHome() throws Exception {
    Path root = dir.resolve("home");
    Cli.run("init", "--home", root.toString(), "--chain-id", "one").ok();
    byte[] genesis = Files.readAllBytes(root.resolve("config/genesis.json"));
    assertTrue(new String(genesis, java.nio.charset.StandardCharsets.UTF_8)
        .contains("\"max_memo_bytes\" : 256"), "a new chain has the memo limit");
    byte[] key = Files.readAllBytes(root.resolve("config/priv_validator_key.json"));
    Cli.run("init", "--home", root.toString(), "--chain-id", "two")
        .fails(2, "is not empty; refusing to overwrite it");
    assertArrayEquals(genesis, Files.readAllBytes(root.resolve("config/genesis.json")));
    assertArrayEquals(key, Files.readAllBytes(root.resolve("config/priv_validator_key.json")));

    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "mine");
    Cli.run("init", "--home", other.toString(), "--chain-id", "x").fails(2, "not empty");
    assertEquals("mine", Files.readString(other.resolve("notes.txt")));
  }

  @Test
  void anEmptyFolderIsFine() throws Exception {
    Path root = Files.createDirectories(dir.resolve("empty"));
    Cli.run("init", "--home", root.toString(), "--chain-id", "c").ok();
    assertTrue(Files.exists(root.resolve("config/genesis.json")));
  }

  @Test
  void badInputWritesNothing() throws Exception {
    Path root = dir.resolve("home");
    Cli.run("init", "--home", root.toString(), "--chain-id", "bad chain!")
        .fails(2, "chain_id");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c", "--balance", "-5")
        .fails(2, "balance");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c", "--power", "0")
        .fails(2, "--power must be > 0");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c", "--genesis-time", "yesterday")
        .fails(2, "genesis_time");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c",
        "--genesis-time", "2262-04-12T00:00:00Z")
        .fails(2, "genesis_time: '2262-04-12T00:00:00Z' is out of range");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c", "--balance", "0")
        .fails(2, "accounts: total supply is 0");
    Cli.run("init", "--home", root.toString(), "--chain-id", "c", "--moniker", "a\nb")
        .fails(2, "moniker: must not contain control characters");
    assertFalse(Files.exists(root));
    Cli.Result usage = Cli.run("init", "--home", root.toString());
    assertEquals(2, usage.exitCode());
    assertTrue(usage.err().contains("--chain-id"));
    assertFalse(Files.exists(root));
  }

  @Test
  void aHomeThatIsAFileIsRefused(@TempDir Path other) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Cli.run("init", "--home", file.toString(), "--chain-id", "c").fails(2, "is a file");
    // below a file: the message was the path twice ("cannot write F/h: F/h: Not a directory")
    Path under = file.resolve("h");
    Cli.run("init", "--home", under.toString(), "--chain-id", "c")
        .fails(1, "cannot write " + under + ": not a folder");
    NodeHome validator = new NodeHome(other.resolve("v"));
    Cli.run("init", "--home", validator.root().toString(), "--chain-id", "c").ok();
    Cli.run("init", "--full-node", "--home", under.toString(), "--genesis",
        validator.genesisJson().toString()).fails(1, "cannot write " + under + ": not a folder");
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(1, entries.count());
    }
  }
}
