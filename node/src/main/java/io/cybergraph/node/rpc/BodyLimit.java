package io.cybergraph.node.rpc;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with the RPC's own 413 answer: a JSON {@code body_too_large} error instead
 * of an empty body. As in Netty, the connection stays open (and the rest of the body is
 * discarded) when the client announced the size and wants keep-alive; otherwise it is closed,
 * lingering so that a client still sending its body reads the 413 instead of a reset.
 */
final class BodyLimit extends HttpObjectAggregator {

  private final int maxBodyBytes;

  BodyLimit(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    boolean close =
        oversized instanceof FullHttpMessage
            || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
    RpcResponse answer =
        RpcResponse.error(
            413,
            "body_too_large",
            "request body exceeds " + maxBodyBytes + " bytes (rpc.max_body_bytes)");
    ctx.writeAndFlush(answer.toHttp(!close))
        .addListener(close ? LingeringClose.AFTER_WRITE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }
}
