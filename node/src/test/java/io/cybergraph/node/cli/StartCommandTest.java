package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.wal.Wal;
import io.cybergraph.consensus.wal.WalConfig;
import io.cybergraph.consensus.wal.WalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  @Test
  void listenersThatCannotBindAreRefusedBeforeTheStoreOpens() throws Exception {
    Path home = dir.resolve("home");
    Cli.run("init", "--home", home.toString(), "--chain-id", "ports-1").ok();
    Path config = home.resolve("config/config.toml");
    String written = Files.readString(config);
    Files.writeString(config, written.replace("127.0.0.1:26657", "nohost.invalid:41031"));
    Cli.run("start", "--home", home.toString())
        .fails(2, "rpc.laddr: cannot resolve host nohost.invalid");
    Files.writeString(config, written.replace("127.0.0.1:26657", "127.0.0.1:26656"));
    Cli.run("start", "--home", home.toString())
        .fails(2, "rpc.laddr: 127.0.0.1:26656 takes the port of p2p.laddr (0.0.0.0:26656)");
    // a port another process holds: found before the node opens its store and makes blocks
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Files.writeString(config, written.replace("0.0.0.0:26656", "127.0.0.1:" + port));
      Cli.run("start", "--home", home.toString())
          .fails(1, "cannot listen for p2p on 127.0.0.1:" + port + ": Address already in use");
    }
    assertFalse(Files.exists(home.resolve("data/store")), "nothing was opened");
  }

  @Test
  // started instead of refusing, the node never ends: fail from another thread
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDamagedConsensusWalIsRefusedWithTheWayOut() throws Exception {
    // a WAL is a consensus validator's: one of two (a lone validator makes its blocks alone)
    Cli.run("testnet", "--validators", "2", "--output", dir.resolve("net").toString(),
        "--base-port", "41200").ok();
    Path home = dir.resolve("net/node0");
    Path walDir = home.resolve("data/cs.wal");
    try (Wal wal = Wal.open(walDir, WalConfig.DEFAULT)) {
      for (int i = 0; i < 3; i++) {
        wal.append(new WalRecord.TimeoutFired(i, 1, 0, Step.PROPOSE));
      }
      wal.sync();
    }
    // a flipped bit in the first record, intact ones after it: damage, not a torn write
    Path segment;
    try (java.util.stream.Stream<Path> files = Files.list(walDir)) {
      segment = files.findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[8 + 1] ^= 0x40; // past the frame's length and CRC
    Files.write(segment, bytes);
    Cli.run("start", "--home", home.toString())
        .fails(1, "cannot open the consensus WAL: " + segment + ": CRC32C mismatch at offset 0,"
            + " and intact records follow it")
        .fails(1, "To start anyway, move " + walDir + " aside");
    assertArrayEquals(bytes, Files.readAllBytes(segment), "the WAL is left as it is");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // read whole, /dev/zero never ended
  void aGenesisOrConfigThatIsADeviceIsRefused() throws Exception {
    Path home = dir.resolve("home");
    Cli.run("init", "--home", home.toString(), "--chain-id", "zero-1").ok();
    Path genesis = home.resolve("config/genesis.json");
    Path saved = Files.move(genesis, dir.resolve("genesis.json"));
    Files.createSymbolicLink(genesis, Path.of("/dev/zero"));
    Cli.run("start", "--home", home.toString())
        .fails(2, "genesis.json: not a regular file (a device, pipe or socket)");
    Files.delete(genesis);
    Files.move(saved, genesis);
    Path config = home.resolve("config/config.toml");
    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("/dev/zero"));
    Cli.run("start", "--home", home.toString())
        .fails(2, "config.toml: cannot read: not a regular file");
    assertFalse(Files.exists(home.resolve("data/store")), "nothing was opened");
  }
}
