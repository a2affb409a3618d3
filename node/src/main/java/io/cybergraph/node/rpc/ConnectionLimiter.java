package io.cybergraph.node.rpc;

import io.cybergraph.proto.LogThrottle;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds open connections: in all ({@code rpc.max_open_connections}) and from one IP address
 * ({@code rpc.max_connections_per_ip}, 0 for no such bound), so that one client cannot take
 * every slot. One over a limit is answered 503 ({@code too_many_connections}, or {@code
 * too_many_connections_from_address}) and closed at once. Sits first in the pipeline, so the
 * answer is written as raw bytes, before any HTTP codec state exists. Refusals are logged
 * through a {@link LogThrottle}: the first, then a summary per 10 s while they go on.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("rpc.refused");

  static final Duration LOG_WINDOW = Duration.ofSeconds(10);

  private final int max;
  private final int maxPerAddress;
  /** Connections holding one of the node's slots (refused ones for their address do not). */
  private final AtomicInteger open = new AtomicInteger();
  /** Refused connections not yet closed (lingering, so the client reads the 503). */
  private final AtomicInteger lingering = new AtomicInteger();
  /** Open connections per client address; an address leaves the map with its last one. */
  private final ConcurrentHashMap<InetAddress, Integer> openFrom = new ConcurrentHashMap<>();
  private final byte[] refusal;
  private final byte[] refusalPerAddress;
  /** A flood of refusals is one line, then one summary per window, not a line each. */
  private final LogThrottle refusals =
      new LogThrottle(LOG_WINDOW,
          s -> log.warn("refused {} RPC connections from {} in the last {} s",
              s.events(), s.sources() == 1 ? "1 address" : s.sources() + " addresses",
              LOG_WINDOW.toSeconds()));

  /**
   * @param max connections in all
   * @param maxPerAddress connections from one IP address; 0 for no bound but {@code max}
   */
  ConnectionLimiter(int max, int maxPerAddress) {
    this.max = max;
    this.maxPerAddress = maxPerAddress;
    refusal =
        RawAnswer.of(503, "Service Unavailable", "too_many_connections",
            "the node has " + max + " open RPC connections (rpc.max_open_connections); retry"
                + " later");
    refusalPerAddress =
        RawAnswer.of(503, "Service Unavailable", "too_many_connections_from_address",
            "your address has " + maxPerAddress + " open RPC connections"
                + " (rpc.max_connections_per_ip); close one or retry later");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    int fromClient = openFrom.merge(client, 1, Integer::sum);
    ctx.channel().closeFuture().addListener(
        f -> openFrom.computeIfPresent(client, (address, n) -> n == 1 ? null : n - 1));
    // the address's bound first, and a connection refused for it takes none of the node's
    // slots: else one client's flood of refused (lingering) connections fills the total
    if (maxPerAddress > 0 && fromClient > maxPerAddress) {
      if (refusals.admit(client, ctx.executor())) {
        log.warn("RPC connection from {} refused: {} open from that address"
                + " (rpc.max_connections_per_ip = {})",
            ctx.channel().remoteAddress(), fromClient - 1, maxPerAddress);
      }
      refuse(ctx, refusalPerAddress);
      return;
    }
    int now = open.incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    if (now > max) {
      if (refusals.admit(client, ctx.executor())) {
        log.warn("RPC connection from {} refused: {} open (rpc.max_open_connections = {})",
            ctx.channel().remoteAddress(), now - 1, max);
      }
      refuse(ctx, refusal);
      return;
    }
    super.channelActive(ctx);
  }

  private void refuse(ChannelHandlerContext ctx, byte[] answer) {
    ctx.channel().attr(REFUSED).set(Boolean.TRUE);
    ctx.channel().config().setAutoRead(false);
    int refusedNow = lingering.incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> lingering.decrementAndGet());
    // lingering: a client already sending its request reads the 503, not a reset; but no
    // more refused connections linger than the node has slots (each holds a socket for 2 s)
    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(
        refusedNow <= max ? LingeringClose.AFTER_WRITE : ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (Boolean.TRUE.equals(ctx.channel().attr(REFUSED).get())) {
      ReferenceCountUtil.release(msg); // a refused connection's bytes are never parsed
      return;
    }
    super.channelRead(ctx, msg);
  }

  /** Connections open now (for tests and status). */
  int open() {
    return open.get();
  }
}
