package io.cybergraph.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void missingFileMeansDefaults() {
    NodeConfig c = ConfigLoader.load(dir.resolve("config.toml"));
    assertEquals("127.0.0.1:26657", c.rpc.laddr);
    assertEquals("0.0.0.0:26656", c.p2p.laddr);
    assertEquals("127.0.0.1:26660", c.metrics.laddr);
    assertEquals(1000, c.consensus.timeoutCommitMs);
    assertEquals(1000, c.consensus.timeoutCommitBusyMs);
  }

  @Test
  void writtenConfigReadsBackEqual() {
    NodeConfig c = new NodeConfig();
    c.moniker = "alice";
    c.rpc.laddr = "127.0.0.1:1234";
    c.p2p.persistentPeers = "0123456789abcdef0123456789abcdef01234567@127.0.0.1:26656";
    c.mempool.ttlBlocks = 7;
    c.evidence.maxPending = 12;
    c.consensus.unsafeEquivocate = true; // never written: a command-line flag only
    Path file = dir.resolve("config/config.toml");
    ConfigLoader.write(c, file);
    NodeConfig back = ConfigLoader.load(file);
    assertEquals(12, back.evidence.maxPending);
    assertEquals(false, back.consensus.unsafeEquivocate);
    assertEquals("alice", back.moniker);
    assertEquals("127.0.0.1:1234", back.rpc.laddr);
    assertEquals(1, back.p2p.persistentPeerList().size());
    assertEquals(7, back.mempool.ttlBlocks);
  }

  @Test
  void partialFileKeepsOtherDefaults() throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, "moniker = \"bob\"\n[rpc]\nmax_page_size = 50\n");
    NodeConfig c = ConfigLoader.load(file);
    assertEquals("bob", c.moniker);
    assertEquals(50, c.rpc.maxPageSize);
    assertEquals(1 << 20, c.rpc.maxBodyBytes);
  }

  @Test
  void errorsNameTheKey() throws Exception {
    assertError("[rpc]\nladdr = \"nonsense\"\n", "rpc.laddr");
    assertError("[rpc]\nbogus = 1\n", "unknown key rpc.bogus");
    assertError("[mempool]\nmax_txs = \"many\"\n", "mempool.max_txs: \"many\" is not a valid int");
    assertError("moniker = \"a\"\n[[[x\n", "malformed TOML at line 2");
    assertError("[p2p]\npersistent_peers = \"abc@host:1\"\n", "p2p.persistent_peers");
    assertError("[rpc\n", "malformed TOML");
    assertError("[evidence]\nmax_pending = 0\n", "evidence.max_pending");
    assertError("[rpc]\nmax_connections_per_ip = -1\n",
        "rpc.max_connections_per_ip: must be >= 0 (0: no bound per address), got -1");
    assertError("[p2p]\nmax_inbound_per_ip = -2\n",
        "p2p.max_inbound_per_ip: must be >= 0 (0: no bound per address), got -2");
    assertError("[rpc]\nrequest_timeout_ms = 0\n", "rpc.request_timeout_ms: must be > 0");
    assertError("[consensus]\nunsafe_equivocate = true\n", "unsafe");
    assertError("[consensus]\ntimeout_commit_busy_ms = -1\n", "consensus.timeout_commit_busy_ms");
  }

  @Test
  void aFileWithNoneOfTheSectionsIsRefused() throws Exception {
    String none = "has none of the sections [rpc], [p2p], [consensus]";
    assertError("", none); // a truncated file started silently on the default ports
    assertError("moniker = \"cut\"\n", none);
  }

  @Test
  void twoListenersOnOnePortAreRefused() throws Exception {
    assertError("[p2p]\nladdr = \"127.0.0.1:41030\"\n[rpc]\nladdr = \"127.0.0.1:41030\"\n",
        "rpc.laddr: 127.0.0.1:41030 takes the port of p2p.laddr (127.0.0.1:41030)");
    assertError("[p2p]\nladdr = \"0.0.0.0:41030\"\n[metrics]\nladdr = \"127.0.0.1:41030\"\n",
        "metrics.laddr: 127.0.0.1:41030 takes the port of p2p.laddr (0.0.0.0:41030)");
    assertError("[p2p]\nladdr = \"127.0.0.1:41030\"\n[rpc]\nladdr = \"[::]:41030\"\n",
        "rpc.laddr");
    Path file = dir.resolve("apart.toml");
    // other hosts, metrics off, or any free port: no collision
    Files.writeString(file, "[p2p]\nladdr = \"127.0.0.1:41030\"\n[rpc]\nladdr = \"127.0.0.2:41030\"\n"
        + "[metrics]\nenabled = false\nladdr = \"127.0.0.1:41030\"\n");
    assertEquals("127.0.0.2:41030", ConfigLoader.load(file).rpc.laddr);
    Files.writeString(file, "[p2p]\nladdr = \"127.0.0.1:0\"\n[rpc]\nladdr = \"127.0.0.1:0\"\n");
    assertEquals("127.0.0.1:0", ConfigLoader.load(file).rpc.laddr);
  }

  private void assertError(String toml, String expected) throws Exception {
    Path file = dir.resolve("bad.toml");
    Files.writeString(file, toml);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
