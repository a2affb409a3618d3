package io.cybergraph.p2p.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty threads and socket classes: epoll on Linux when its native library loads, NIO
 * otherwise.
 */
public final class EventLoops {

  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends Channel> socketChannelClass;
  private final String transportName;

  private EventLoops(
      EventLoopGroup group,
      Class<? extends ServerChannel> serverChannelClass,
      Class<? extends Channel> socketChannelClass,
      String transportName) {
    this.group = group;
    this.serverChannelClass = serverChannelClass;
    this.socketChannelClass = socketChannelClass;
    this.transportName = transportName;
  }

  /** {@code threads} event loops named {@code threadPrefix-N}. */
  public static EventLoops create(int threads, String threadPrefix) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory(threadPrefix, true);
    if (Epoll.isAvailable()) {
      IoHandlerFactory epoll = EpollIoHandler.newFactory();
      return new EventLoops(
          new MultiThreadIoEventLoopGroup(threads, threadFactory, epoll),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class,
          "epoll");
    }
    return new EventLoops(
        new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        "nio");
  }

  public EventLoopGroup group() {
    return group;
  }

  public Class<? extends ServerChannel> serverChannelClass() {
    return serverChannelClass;
  }

  public Class<? extends Channel> socketChannelClass() {
    return socketChannelClass;
  }

  /** "epoll" or "nio", for the log. */
  public String transportName() {
    return transportName;
  }

  /** Stops the threads without a quiet period, waiting up to {@code timeoutMillis}. */
  public void shutdown(long timeoutMillis) {
    group.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(timeoutMillis + 1000);
  }
}
