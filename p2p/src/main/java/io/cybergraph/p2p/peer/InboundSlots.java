package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.HostAddress;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's inbound connection slots: at most {@code max} in all, and at most {@code
 * maxPerAddress} from one IP address, so that one host cannot take every slot and lock honest
 * peers out (a TCP connection costs an attacker nothing until TLS; every slot is held for up to
 * the handshake timeout). An IPv6 address counts by its /64, the block one host is usually
 * given. A connection refused for its address takes none of the node's slots.
 */
final class InboundSlots {

  /** What {@link #take} decided. */
  enum Verdict {
    TAKEN,
    NODE_FULL,
    ADDRESS_FULL
  }

  private final int max;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  /** Open inbound connections per address; an address leaves the map with its last one. */
  private final ConcurrentHashMap<InetAddress, Integer> openFrom = new ConcurrentHashMap<>();

  /**
   * @param max inbound connections in all
   * @param maxPerAddress from one address (IPv6: one /64); 0 for no bound but {@code max}
   */
  InboundSlots(int max, int maxPerAddress) {
    this.max = max;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a connection from {@code remote}; if {@link Verdict#TAKEN}, {@link #release} it. */
  Verdict take(InetAddress remote) {
    InetAddress key = HostAddress.of(remote);
    int fromAddress = openFrom.merge(key, 1, Integer::sum);
    if (maxPerAddress > 0 && fromAddress > maxPerAddress) {
      forget(key);
      return Verdict.ADDRESS_FULL;
    }
    while (true) {
      int current = open.get();
      if (current >= max) {
        forget(key);
        return Verdict.NODE_FULL;
      }
      if (open.compareAndSet(current, current + 1)) {
        return Verdict.TAKEN;
      }
    }
  }

  /** Gives back a slot {@link #take} gave to a connection from {@code remote}. */
  void release(InetAddress remote) {
    open.decrementAndGet();
    forget(HostAddress.of(remote));
  }

  /** Inbound connections holding a slot now. */
  int open() {
    return open.get();
  }

  private void forget(InetAddress key) {
    openFrom.computeIfPresent(key, (address, n) -> n == 1 ? null : n - 1);
  }
}
