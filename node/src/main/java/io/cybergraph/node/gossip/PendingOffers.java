package io.cybergraph.node.gossip;

import io.cybergraph.p2p.Direction;
import io.cybergraph.p2p.HostAddress;
import io.cybergraph.p2p.PeerInfo;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Which new connections are sent the mempool's pending txs: every one this node dialled, and
 * of those dialled in from one address (IPv6: one /64), the first in {@code intervalNanos}.
 * Node keys cost nothing, so a host reconnecting under fresh IDs was sent the whole mempool at
 * every TLS handshake (12.9 MB and 72 ms of CPU for 5,000 pending txs, found by the serving-side
 * review). A peer not offered them still gets every tx admitted from then on; the pending ones
 * are in the other nodes' mempools, and in blocks soon.
 */
final class PendingOffers {
  private final long intervalNanos;
  private final Map<InetAddress, Long> lastOffer = new HashMap<>();

  PendingOffers(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** Whether {@code peer}, connected at {@code nowNanos}, is sent the pending txs. */
  synchronized boolean offerTo(PeerInfo peer, long nowNanos) {
    if (peer.direction() == Direction.OUTBOUND || peer.remoteAddress() == null
        || peer.remoteAddress().getAddress() == null) {
      return true;
    }
    forgetOlderThan(nowNanos - intervalNanos);
    InetAddress key = HostAddress.of(peer.remoteAddress().getAddress());
    if (lastOffer.containsKey(key)) {
      return false;
    }
    lastOffer.put(key, nowNanos);
    return true;
  }

  private void forgetOlderThan(long nanos) {
    Iterator<Long> it = lastOffer.values().iterator();
    while (it.hasNext()) {
      if (it.next() - nanos <= 0) {
        it.remove();
      }
    }
  }
}
