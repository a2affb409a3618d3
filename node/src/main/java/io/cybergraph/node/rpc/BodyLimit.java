package io.cybergraph.node.rpc;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with the RPC's own 413 answer: a JSON {@code body_too_large} error instead
 * of an empty body. The oversized request goes on to {@link RequestHandler} as a request that
 * failed decoding ({@link TooLarge}), so that its 413 takes its turn behind the answers to
 * earlier pipelined requests. As in Netty, the connection stays open (and the rest of the body
 * is discarded) when the client announced the size and wants keep-alive; otherwise it is closed
 * after the 413, lingering so that a client still sending its body reads the 413, not a reset.
 */
final class BodyLimit extends HttpObjectAggregator {

  /** Why a request failed: its body is over {@code rpc.max_body_bytes}. */
  static final class TooLarge extends RuntimeException {
    TooLarge(int maxBodyBytes) {
      super("request body exceeds " + maxBodyBytes + " bytes (rpc.max_body_bytes)", null, false,
          false);
    }
  }

  private final int maxBodyBytes;

  BodyLimit(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    boolean close =
        oversized instanceof FullHttpMessage
            || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
    FullHttpRequest failed = new DefaultFullHttpRequest(
        request.protocolVersion(), request.method(), request.uri(), Unpooled.EMPTY_BUFFER);
    HttpUtil.setKeepAlive(failed, !close);
    failed.setDecoderResult(DecoderResult.failure(new TooLarge(maxBodyBytes)));
    ctx.fireChannelRead(failed);
  }
}
