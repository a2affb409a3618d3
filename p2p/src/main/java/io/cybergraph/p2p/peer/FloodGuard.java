package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.p2p.transport.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.LongSupplier;

/**
 * Counts every incoming frame against the peer's message and byte budgets (token buckets that
 * allow bursts of two seconds' worth); a peer over budget is reported as misbehaving, which
 * disconnects and bans it. Also counts the bytes received.
 */
final class FloodGuard extends ChannelInboundHandlerAdapter {

  private final Peer peer;
  private final TokenBucket messages;
  private final TokenBucket bytes;
  private final int maxMessagesPerSecond;
  private final long maxBytesPerSecond;

  FloodGuard(Peer peer, int maxMessagesPerSecond, long maxBytesPerSecond, LongSupplier nanoClock) {
    this.peer = peer;
    this.maxMessagesPerSecond = maxMessagesPerSecond;
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.messages = new TokenBucket(maxMessagesPerSecond, 2.0 * maxMessagesPerSecond, nanoClock);
    this.bytes = new TokenBucket(maxBytesPerSecond, 2.0 * maxBytesPerSecond, nanoClock);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    int frameBytes = frame.readableBytes() + Frames.PREFIX_BYTES;
    peer.countIn(frameBytes);
    if (!messages.tryTake(1)) {
      frame.release();
      ctx.fireExceptionCaught(new PeerMisbehaviourException(
          "flood: more than " + maxMessagesPerSecond + " messages per second"));
      return;
    }
    if (!bytes.tryTake(frameBytes)) {
      frame.release();
      ctx.fireExceptionCaught(new PeerMisbehaviourException(
          "flood: more than " + maxBytesPerSecond + " bytes per second"));
      return;
    }
    ctx.fireChannelRead(frame);
  }
}
