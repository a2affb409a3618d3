package io.cybergraph.node.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client may still be sending, after our last answer has gone out.
 *
 * <p>Closing at once with the client's bytes unread makes the kernel answer them with a reset,
 * and a reset can destroy our answer in the client's receive buffer before it is read: a client
 * streaming a too-large body then sees "connection reset" instead of the 413. So, as web servers
 * do: send FIN after the answer, throw away whatever still arrives, and close when the client
 * closes its side or after {@link #LINGER_MILLIS}, whichever is first.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

  static final long LINGER_MILLIS = 2_000;

  /** A write listener: on success linger, on failure close at once. */
  static final ChannelFutureListener AFTER_WRITE =
      f -> {
        if (f.isSuccess()) {
          start(f.channel());
        } else {
          f.channel().close();
        }
      };

  private LingeringClose() {}

  /** On the channel's event loop, after the last answer was written. */
  static void start(Channel channel) {
    if (!channel.isActive() || channel.pipeline().get(LingeringClose.class) != null) {
      return;
    }
    if (!(channel instanceof SocketChannel socket)) {
      channel.close();
      return;
    }
    channel.pipeline().addFirst("linger", new LingeringClose());
    channel.config().setAutoRead(true);
    channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    socket.shutdownOutput();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg); // nothing after the last answer is parsed
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // typically a reset from the client: it is gone, so are we
  }
}
