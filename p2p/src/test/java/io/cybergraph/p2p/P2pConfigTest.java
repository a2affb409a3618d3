package io.cybergraph.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class P2pConfigTest {

  @Test
  void defaultsAreValidAndListenOnTheP2pPort() {
    P2pConfig config = P2pConfig.builder().build();
    assertEquals(P2pConfig.DEFAULT_PORT, config.listenAddress().getPort());
    assertEquals(4 * 1024 * 1024, config.maxFrameBytes());
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void inconsistentValuesAreRefusedWithTheReason() {
    assertMessage("backoff min", P2pConfig.builder()
        .backoffMin(Duration.ofSeconds(10)).backoffMax(Duration.ofSeconds(1)));
    assertMessage("max bytes per second", P2pConfig.builder()
        .maxFrameBytes(8 * 1024 * 1024).maxBytesPerSecond(1024 * 1024));
    assertMessage("send queue size", P2pConfig.builder().sendQueueSize(0));
    assertMessage("idle timeout", P2pConfig.builder()
        .pingInterval(Duration.ofSeconds(10)).idleTimeout(Duration.ofSeconds(5)));
    assertMessage("ban duration", P2pConfig.builder().banDuration(Duration.ZERO));
  }

  private static void assertMessage(String expected, P2pConfig.Builder builder) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
