package io.cybergraph.node.rpc;

import io.cybergraph.proto.Texts;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator with the RPC's own refusals: JSON {@code 413 body_too_large} and {@code 417
 * expectation_failed} instead of Netty's fixed empty answers. A refused request goes on to
 * {@link RequestHandler} as a request that failed decoding, its cause the {@link RpcException}
 * to answer, so that the answer takes its turn behind the answers to earlier pipelined requests
 * and honours the request's keep-alive or close.
 *
 * <p>As in Netty, the connection stays open (and the rest of the body is discarded) when the
 * client announced the size and wants keep-alive; otherwise it is closed after the 413,
 * lingering so that a client still sending its body reads the 413, not a reset. A client that
 * sent {@code Expect: 100-continue} waits for our word before sending its body, so after a 413
 * no body is expected from it.
 */
final class BodyLimit extends HttpObjectAggregator {

  /**
   * What the aggregator "writes" for an expectation refused here: nothing (an empty buffer
   * passes the HTTP encoder as is). The real answer goes through {@link RequestHandler}.
   */
  private static final Object ANSWERED_IN_TURN = Unpooled.EMPTY_BUFFER;

  private final int maxBodyBytes;

  BodyLimit(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  private RpcException tooLarge() {
    return new RpcException(413, "body_too_large",
        "request body exceeds " + maxBodyBytes + " bytes (rpc.max_body_bytes)");
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    boolean close = oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized);
    passOnRefused(ctx, request, tooLarge(), !close);
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    if (!(start instanceof HttpRequest request)) {
      return super.newContinueResponse(start, maxContentLength, pipeline);
    }
    RpcException refusal;
    boolean keepAlive = HttpUtil.isKeepAlive(start);
    String expect = start.headers().get(HttpHeaderNames.EXPECT);
    boolean unsupported =
        expect != null
            && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)
            && start.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0;
    if (unsupported) {
      // the client did not wait to send its body: it is read and thrown away
      refusal = new RpcException(417, "expectation_failed",
          "unsupported Expect header " + Texts.quote(expect) + " (only 100-continue is supported)");
    } else if (HttpUtil.is100ContinueExpected(start)
        && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
      // the client should wait for 100 Continue before sending its body, so the decoder
      // expects none; but one may send it anyway (RFC 9110 allows it), and those bytes must
      // not be read as the next request (smuggled past a proxy): answer, then close
      pipeline.fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
      refusal = tooLarge();
      keepAlive = false;
    } else {
      return super.newContinueResponse(start, maxContentLength, pipeline);
    }
    start.headers().remove(HttpHeaderNames.EXPECT);
    passOnRefused(pipeline.context(this), request, refusal, keepAlive);
    return ANSWERED_IN_TURN;
  }

  @Override
  protected boolean ignoreContentAfterContinueResponse(Object msg) {
    return msg == ANSWERED_IN_TURN || super.ignoreContentAfterContinueResponse(msg);
  }

  @Override
  protected boolean closeAfterContinueResponse(Object msg) {
    // closing is RequestHandler's, after the answer, and lingering
    return msg != ANSWERED_IN_TURN && super.closeAfterContinueResponse(msg);
  }

  private static void passOnRefused(
      ChannelHandlerContext ctx, HttpRequest request, RpcException refusal, boolean keepAlive) {
    FullHttpRequest failed = new DefaultFullHttpRequest(
        request.protocolVersion(), request.method(), request.uri(), Unpooled.EMPTY_BUFFER);
    HttpUtil.setKeepAlive(failed, keepAlive);
    failed.setDecoderResult(DecoderResult.failure(refusal));
    ctx.fireChannelRead(failed);
  }
}
