package io.cybergraph.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's deadline for a whole request ({@code rpc.request_timeout_ms}): armed by the
 * first byte read while no request is partly read, disarmed when a request has been read in
 * full (or refused by the decoder). On expiry the client gets {@code 408 request_timeout} and
 * the connection is closed. The idle timeout alone let a client hold a connection for ever by
 * sending a header line now and then, each byte resetting it.
 *
 * <p>Handlers share the state: {@link #bytes()} before the HTTP codec (it sees every read), and
 * {@link #ends()} twice: after the codec, where the last part of every request passes, even of
 * one whose body the aggregator throws away (after a 413 on a kept-alive connection), and after
 * the aggregator, where a request refused before its body arrives passes (a 413 to {@code
 * Expect: 100-continue}: no body follows). The clock stands still while the connection's
 * earlier requests are being answered (reading is then paused, so the rest of the request
 * cannot arrive; that is not the client's fault).
 */
final class RequestDeadline {

  private final long timeoutMillis;
  private final byte[] answer;
  private ScheduledFuture<?> timer;

  RequestDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.answer =
        RawAnswer.of(408, "Request Timeout", "request_timeout",
            "the request did not arrive in full within " + timeoutMillis
                + " ms (rpc.request_timeout_ms)");
  }

  /** Before the HTTP codec: arms the deadline on bytes of a new request. */
  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
          arm(ctx);
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
      }
    };
  }

  /**
   * After the codec or the aggregator: the end of a request (its last part, a whole request, or
   * one that failed decoding) disarms it. A new handler each call, for each place.
   */
  ChannelHandler ends() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof LastHttpContent
            || msg instanceof DecoderResultProvider part && part.decoderResult().isFailure()) {
          disarm();
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  private void arm(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (!ctx.channel().config().isAutoRead()) {
      arm(ctx); // reading is paused for earlier answers: the rest could not have come
      return;
    }
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(LingeringClose.AFTER_WRITE);
  }
}
