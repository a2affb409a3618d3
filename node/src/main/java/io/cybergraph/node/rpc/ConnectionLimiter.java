package io.cybergraph.node.rpc;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds open connections ({@code rpc.max_open_connections}). One over the limit is answered 503
 * {@code too_many_connections} and closed at once. Sits first in the pipeline, so the answer is
 * written as raw bytes, before any HTTP codec state exists.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("rpc.refused");

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final byte[] refusal;

  ConnectionLimiter(int max) {
    this.max = max;
    byte[] body =
        RpcJson.error(
            "too_many_connections",
            "the node has " + max + " open RPC connections (rpc.max_open_connections); retry"
                + " later");
    String head =
        "HTTP/1.1 503 Service Unavailable\r\n"
            + "content-type: application/json; charset=utf-8\r\n"
            + "content-length: " + body.length + "\r\n"
            + "connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    refusal = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, refusal, 0, headBytes.length);
    System.arraycopy(body, 0, refusal, headBytes.length, body.length);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    int now = open.incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    if (now > max) {
      log.warn("RPC connection from {} refused: {} open (max {})",
          ctx.channel().remoteAddress(), now - 1, max);
      ctx.channel().attr(REFUSED).set(Boolean.TRUE);
      ctx.channel().config().setAutoRead(false);
      // lingering: a client already sending its request reads the 503, not a reset
      ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(LingeringClose.AFTER_WRITE);
      return;
    }
    super.channelActive(ctx);
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
