package io.cybergraph.p2p.peer;

import static io.cybergraph.p2p.peer.InboundSlots.Verdict.ADDRESS_FULL;
import static io.cybergraph.p2p.peer.InboundSlots.Verdict.NODE_FULL;
import static io.cybergraph.p2p.peer.InboundSlots.Verdict.TAKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InboundSlotsTest {

  private static InetAddress ip(String text) throws Exception {
    return InetAddress.getByName(text);
  }

  @Test
  void refusalsForAnAddressTakeNoneOfTheNodesSlots() throws Exception {
    InboundSlots slots = new InboundSlots(3, 2);
    assertEquals(TAKEN, slots.take(ip("10.0.0.1")));
    assertEquals(TAKEN, slots.take(ip("10.0.0.1")));
    for (int i = 0; i < 100; i++) {
      assertEquals(ADDRESS_FULL, slots.take(ip("10.0.0.1")));
    }
    assertEquals(2, slots.open());
    assertEquals(TAKEN, slots.take(ip("10.0.0.2")));
    assertEquals(NODE_FULL, slots.take(ip("10.0.0.3")));
    assertEquals(3, slots.open());
  }

  @Test
  void aReleasedSlotServesTheAddressAndTheNodeAgain() throws Exception {
    InboundSlots slots = new InboundSlots(2, 1);
    assertEquals(TAKEN, slots.take(ip("10.0.0.1")));
    assertEquals(TAKEN, slots.take(ip("10.0.0.2")));
    assertEquals(NODE_FULL, slots.take(ip("10.0.0.3")));
    // a refusal for the node being full must not count against the address later
    slots.release(ip("10.0.0.2"));
    assertEquals(TAKEN, slots.take(ip("10.0.0.3")));
    assertEquals(ADDRESS_FULL, slots.take(ip("10.0.0.1")));
    slots.release(ip("10.0.0.1"));
    assertEquals(TAKEN, slots.take(ip("10.0.0.1")));
  }

  @Test
  void anIpv6AddressCountsByItsSlash64() throws Exception {
    InboundSlots slots = new InboundSlots(10, 2);
    assertEquals(TAKEN, slots.take(ip("2001:db8:1:2::1")));
    assertEquals(TAKEN, slots.take(ip("2001:db8:1:2:ffff::7")));
    assertEquals(ADDRESS_FULL, slots.take(ip("2001:db8:1:2:1:2:3:4")));
    assertEquals(TAKEN, slots.take(ip("2001:db8:1:3::1")));
  }

  @Test
  void zeroPerAddressMeansOnlyTheTotalBinds() throws Exception {
    InboundSlots slots = new InboundSlots(3, 0);
    for (int i = 0; i < 3; i++) {
      assertEquals(TAKEN, slots.take(ip("127.0.0.1")));
    }
    assertEquals(NODE_FULL, slots.take(ip("127.0.0.1")));
  }
}
