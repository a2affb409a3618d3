package io.cybergraph.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerAddressTest {

  private static final String ID = "21fe31dfa154a261626bf854046fd2271b7bed4b";

  @Test
  void parsesIdAtHostColonPort() {
    PeerAddress address = PeerAddress.parse(ID + "@10.0.0.7:26656");
    assertEquals(ID, address.id().hex());
    assertEquals("10.0.0.7", address.host());
    assertEquals(26656, address.port());
    assertEquals(ID + "@10.0.0.7:26656", address.toString());
  }

  @Test
  void acceptsUppercaseIdsAndBracketedIpv6() {
    PeerAddress address = PeerAddress.parse(ID.toUpperCase() + "@[::1]:26656");
    assertEquals(ID, address.id().hex());
    assertEquals("::1", address.host());
    assertEquals(ID + "@[::1]:26656", address.toString());
  }

  @Test
  void badAddressesNameWhatIsWrong() {
    assertMessage("no '@'", "10.0.0.7:26656");
    assertMessage("40 lowercase hex", "abc@10.0.0.7:26656");
    assertMessage("no port", ID + "@10.0.0.7");
    assertMessage("not a number", ID + "@10.0.0.7:http");
    assertMessage("1..65535", ID + "@10.0.0.7:70000");
    assertMessage("brackets", ID + "@::1:26656");
  }

  @Test
  void nodeIdsOrderLikeTheirBytes() {
    NodeId low = NodeId.parse("00".repeat(20));
    NodeId high = NodeId.parse("ff".repeat(20));
    assertTrue(low.compareTo(high) < 0);
    assertEquals(20, high.bytes().length);
  }

  private static void assertMessage(String expected, String text) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse(text));
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
