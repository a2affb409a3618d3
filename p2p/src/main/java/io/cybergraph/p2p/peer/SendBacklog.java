package io.cybergraph.p2p.peer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Backpressure against a peer that does not read. Netty marks the channel unwritable once more
 * than the high water mark waits to be sent; then this stops reading from the peer (each of its
 * pings, and each TLS key update, would add an answer to the backlog) and, if the backlog has not
 * drained within the idle timeout, closes the connection. Writable again: reading resumes.
 */
final class SendBacklog extends ChannelInboundHandlerAdapter {

  private final Peer peer;
  private final ReadPause pause;
  private final Duration stallLimit;
  private ScheduledFuture<?> stall; // event loop only

  SendBacklog(Peer peer, ReadPause pause, Duration stallLimit) {
    this.peer = peer;
    this.pause = pause;
    this.stallLimit = stallLimit;
  }

  /** Unwritable past two frames waiting; writable again below half a frame. */
  static WriteBufferWaterMark waterMark(int maxFrameBytes) {
    int high = (int) Math.min(Integer.MAX_VALUE, 2L * maxFrameBytes);
    return new WriteBufferWaterMark(Math.max(1, maxFrameBytes / 2), high);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (!channel.isWritable()) {
      pause.pause(ReadPause.Reason.SEND_BACKLOG);
      if (stall == null) {
        stall = ctx.executor().schedule(() -> {
          if (!channel.isWritable()) {
            peer.close(null, "does not read: its send backlog stayed over "
                + channel.config().getWriteBufferHighWaterMark() + " bytes for "
                + stallLimit.toSeconds() + " s", false);
          }
        }, stallLimit.toMillis(), TimeUnit.MILLISECONDS);
      }
    } else {
      if (stall != null) {
        stall.cancel(false);
        stall = null;
      }
      pause.resume(ReadPause.Reason.SEND_BACKLOG);
    }
    ctx.fireChannelWritabilityChanged();
  }
}
