package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.devnet.ChildProcesses;
import io.cybergraph.node.devnet.NodeProcess;
import io.cybergraph.node.home.NodeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cyber dev --reset}: what it refuses to delete. (The devnode itself: NodeEndToEndIT.) */
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
}
