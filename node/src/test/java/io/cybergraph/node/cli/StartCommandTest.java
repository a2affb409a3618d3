package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cyber start} refusals that must happen before anything opens. */
class StartCommandTest {
  @TempDir Path dir;

  @Test
  void unsafeEquivocationIsRefusedOnAChainThatIsNotATestChain() throws Exception {
    Path home = dir.resolve("home");
    Cli.run("init", "--home", home.toString(), "--chain-id", "bostrom").ok();
    Cli.run("start", "--unsafe-equivocate", "--home", home.toString())
        .fails(2, "--unsafe-equivocate makes this validator sign conflicting votes");
    assertFalse(Files.exists(home.resolve("data/store")), "nothing was opened");
    assertTrue(Files.exists(home.resolve("config/genesis.json")));
  }
}
