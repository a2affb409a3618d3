package io.cybergraph.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cybergraph.node.config.ConfigException;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.p2p.NodeKey;
import io.cybergraph.p2p.P2pConfig;
import io.cybergraph.p2p.PeerAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P2pSettingsTest {
  @TempDir Path dir;

  @Test
  void everyP2pKeyOfConfigTomlReachesTheP2pLayer() {
    NodeConfig c = new NodeConfig();
    c.moniker = "alice";
    c.p2p.laddr = "127.0.0.1:36656";
    c.p2p.externalAddress = "node.example:36656";
    c.p2p.persistentPeers = "b4462cb6a7419ea2a492be6a26fdd2bbb5fa2a17@10.0.0.2:26656,"
        + " 18f5ddf993374b611380cc2cea5d1c0143a53d38@[::1]:26666";
    c.p2p.maxInbound = 7;
    c.p2p.maxInboundPerIp = 5;
    c.p2p.maxOutbound = 3;
    c.p2p.maxFrameBytes = 2 << 20;
    c.p2p.sendQueueSize = 99;
    c.p2p.handshakeTimeoutMs = 1_500;
    c.p2p.dialTimeoutMs = 700;
    c.p2p.backoffMinMs = 100;
    c.p2p.backoffMaxMs = 9_000;
    c.p2p.banSeconds = 42;
    c.p2p.maxMessagesPerSecond = 321;
    c.p2p.maxBytesPerSecond = 5L << 20;
    c.validate();
    P2pConfig p = P2pSettings.from(c);
    assertEquals(new InetSocketAddress("127.0.0.1", 36656), p.listenAddress());
    assertEquals("node.example:36656", p.externalAddress());
    assertEquals("alice", p.moniker());
    assertEquals(List.of(
        PeerAddress.parse("b4462cb6a7419ea2a492be6a26fdd2bbb5fa2a17@10.0.0.2:26656"),
        PeerAddress.parse("18f5ddf993374b611380cc2cea5d1c0143a53d38@[::1]:26666")),
        p.persistentPeers());
    assertEquals(7, p.maxInbound());
    assertEquals(5, p.maxInboundPerAddress());
    assertEquals(3, p.maxOutbound());
    assertEquals(2 << 20, p.maxFrameBytes());
    assertEquals(99, p.sendQueueSize());
    assertEquals(Duration.ofMillis(1_500), p.handshakeTimeout());
    assertEquals(Duration.ofMillis(700), p.dialTimeout());
    assertEquals(Duration.ofMillis(100), p.backoffMin());
    assertEquals(Duration.ofMillis(9_000), p.backoffMax());
    assertEquals(Duration.ofSeconds(42), p.banDuration());
    assertEquals(321, p.maxMessagesPerSecond());
    assertEquals(5L << 20, p.maxBytesPerSecond());
  }

  @Test
  void theDefaultsMakeAValidP2pConfig() {
    NodeConfig c = new NodeConfig();
    c.validate();
    P2pConfig p = P2pSettings.from(c);
    assertEquals(26656, p.listenAddress().getPort());
    assertEquals(List.of(), p.persistentPeers());
  }

  @Test
  void whatTheP2pLayerRefusesIsAConfigErrorNamingTheSection() {
    NodeConfig c = new NodeConfig();
    c.p2p.maxFrameBytes = 32 << 20;
    c.p2p.maxBytesPerSecond = 1 << 20; // less than one frame per second
    c.validate();
    ConfigException e = assertThrows(ConfigException.class, () -> P2pSettings.from(c));
    assertTrue(e.getMessage().startsWith("config.toml: [p2p]: "), e.getMessage());
    assertTrue(e.getMessage().contains("max bytes per second"), e.getMessage());
  }

  @Test
  void theNodeKeyComesFromTheHomeAndIsMadeWhenMissing() throws Exception {
    NodeHome home = new NodeHome(dir.resolve("home"));
    NodeKey made = NodeKeys.load(home);
    assertTrue(Files.exists(home.nodeKeyJson()));
    assertEquals(made.id(), NodeKeys.load(home).id(), "loaded again, the same key");
    Files.writeString(home.nodeKeyJson(), "{\"id\": \"00\"}");
    HomeException e = assertThrows(HomeException.class, () -> NodeKeys.load(home));
    assertTrue(e.getMessage().contains("node_key.json"), e.getMessage());
  }
}
