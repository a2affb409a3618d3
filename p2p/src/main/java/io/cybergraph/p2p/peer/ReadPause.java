package io.cybergraph.p2p.peer;

import io.netty.channel.Channel;
import java.util.EnumSet;

/**
 * Why reading from one connection is paused: a send backlog the peer does not drain, or its
 * bytes arriving faster than the byte budget. Reading resumes once no reason is left (and never
 * on a closing connection); each handler lifting only its own reason keeps one from resuming
 * what the other paused. Event loop only.
 */
final class ReadPause {
  enum Reason { SEND_BACKLOG, BYTE_RATE }

  private final Peer peer;
  private final Channel channel;
  private final EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);

  ReadPause(Peer peer, Channel channel) {
    this.peer = peer;
    this.channel = channel;
  }

  void pause(Reason reason) {
    reasons.add(reason);
    channel.config().setAutoRead(false);
  }

  void resume(Reason reason) {
    reasons.remove(reason);
    if (reasons.isEmpty() && !peer.isClosing()) {
      channel.config().setAutoRead(true);
    }
  }

  boolean paused(Reason reason) {
    return reasons.contains(reason);
  }
}
