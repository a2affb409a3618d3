package io.cybergraph.p2p.peer;

import io.cybergraph.p2p.PeerMisbehaviourException;
import io.cybergraph.p2p.transport.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts every incoming frame against the peer's message and byte budgets (token buckets that
 * allow bursts of two seconds' worth). A peer over its message budget is reported as
 * misbehaving, which disconnects and bans it. Bytes over budget pause reading from the peer
 * until the budget has refilled: TCP then slows the sender. Until 2026-12-08 they got it banned
 * too, and the bytes a node asks for count: a node fetching a rank snapshot of millions of
 * particles (or blocks of megabytes) from a fast peer banned that honest peer mid-transfer.
 * Also counts the bytes received.
 */
final class FloodGuard extends ChannelInboundHandlerAdapter {

  private final Peer peer;
  private final ReadPause pause;
  private final TokenBucket messages;
  private final TokenBucket bytes;
  private final int maxMessagesPerSecond;

  FloodGuard(Peer peer, ReadPause pause, int maxMessagesPerSecond, long maxBytesPerSecond,
      LongSupplier nanoClock) {
    this.peer = peer;
    this.pause = pause;
    this.maxMessagesPerSecond = maxMessagesPerSecond;
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
    long waitNanos = bytes.takeOwing(frameBytes);
    if (waitNanos > 0 && !pause.paused(ReadPause.Reason.BYTE_RATE)) {
      pause.pause(ReadPause.Reason.BYTE_RATE);
      ctx.executor().schedule(() -> pause.resume(ReadPause.Reason.BYTE_RATE),
          waitNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelRead(frame); // read already: handled, however fast it came
  }
}
