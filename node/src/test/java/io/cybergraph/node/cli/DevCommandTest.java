package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.devnet.ChildProcesses;
import io.cybergraph.node.devnet.NodeProcess;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.net.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cyber dev --reset}: what it refuses to delete; {@code cyber dev}: what it refuses to
 * start. (The devnode itself: NodeEndToEndIT.)
 */
class DevCommandTest {
  @TempDir Path dir;

  /**
   * A running devnode went on writing its signer state into the new home, which then halted at
   * its first block (and stayed broken until another reset).
   */
  @Test
  void resetRefusesAHomeWhoseNodeRuns() throws Exception {
    Path home = dir.resolve("dev");
    Cli.run("init", "--home", home.toString(), "--chain-id", "dev-test").ok();
    NodeProcess node = new NodeProcess(new NodeHome(home));
    Process running = node.start(ChildProcesses.obeysSigterm(node.home()));
    try {
      assertTrue(node.awaitRunning(running, Duration.ofSeconds(30)), node.lastLogLine());
      Cli.run("dev", "--home", home.toString(), "--reset")
          .fails(2, "--reset: a node is running on " + home + " (pid " + running.pid()
              + "); stop it first");
      assertTrue(Files.exists(new NodeHome(home).genesisJson()), "nothing deleted");
      assertTrue(running.isAlive());
    } finally {
      running.destroyForcibly();
      running.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void resetRefusesAFolderThatIsNotANodeHome() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(folder.resolve("cat.jpg"), "x");
    Cli.run("dev", "--home", folder.toString(), "--reset")
        .fails(2, "--reset: " + folder + " is not a node home (no config/genesis.json)");
    assertTrue(Files.exists(folder.resolve("cat.jpg")));
  }

  /** A validator's home (keys, data) is not a devnode's to delete, whatever --home says. */
  @Test
  void resetRefusesAHomeOfAnotherChain() throws Exception {
    Path home = dir.resolve("validator");
    Cli.run("init", "--home", home.toString(), "--chain-id", "mainnet-1").ok();
    NodeHome h = new NodeHome(home);
    Cli.run("dev", "--home", home.toString(), "--reset")
        .fails(2, "--reset: " + home + " is a home of chain mainnet-1, not a devnode"
            + " (cyber-dev-1); not deleting it");
    assertTrue(Files.exists(h.privValidatorKeyJson()), "the validator key is kept");
    assertTrue(Files.exists(h.genesisJson()));

    Files.writeString(h.genesisJson(), "{not json");
    Cli.run("dev", "--home", home.toString(), "--reset")
        .fails(2, "is a home of chain (unknown: " + h.genesisJson() + " is not valid JSON)");
    assertTrue(Files.exists(h.privValidatorKeyJson()));
  }

  /**
   * A home without the funded key (a full node's) was refused only once its node ran: the store
   * opened, the listeners bound, blocks may have synced.
   */
  @Test
  void aHomeWithoutTheFundedKeyIsRefusedBeforeTheNodeStarts() throws Exception {
    Path validator = dir.resolve("validator");
    Cli.run("init", "--home", validator.toString(), "--chain-id", "dev-test").ok();
    Path full = dir.resolve("full");
    Cli.run("init", "--full-node", "--home", full.toString(), "--genesis",
        new NodeHome(validator).genesisJson().toString(), "--base-port",
        Integer.toString(FreePort.any())).ok();
    NodeHome home = new NodeHome(full);
    Cli.run("dev", "--home", full.toString())
        .fails(2, "no key named 'validator' in " + full.resolve("keys"));
    try (var entries = Files.list(home.dataDir())) {
      assertEquals(0, entries.count(), "the store was not opened");
    }
    assertFalse(Files.exists(full.resolve("node.pid")), "the home was not locked");
  }
}
