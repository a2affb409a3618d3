package io.cybergraph.node.rpc;

import io.cybergraph.node.config.HostPort;
import io.cybergraph.node.config.NodeConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP JSON server (Netty). Requests are parsed and checked on one network thread;
 * handlers run on a bounded pool. Limits come from {@code [rpc]} in config.toml: body size
 * (413), requests per second per client IP (429), open connections in all and per client IP
 * (503), time to send a whole request (408). See {@code
 * docs/rpc.md} for the contract.
 *
 * <pre>{@code
 * RpcRoutes routes = new RpcRoutes();
 * routes.register(RpcEndpoint.HEALTH, new HealthHandler());
 * try (RpcServer server = new RpcServer(RpcServer.Settings.from(config.rpc), routes)) {
 *   server.start();
 *   ...
 * }
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  /** Longest request line (method, URL, version): GET broadcasts of small transactions fit. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * Server limits.
   *
   * @param host address to listen on ({@code 127.0.0.1} by default)
   * @param port port to listen on; 0 picks a free one
   * @param maxBodyBytes largest request body, else 413
   * @param maxRequestsPerSecond per client IP, else 429
   * @param maxOpenConnections else 503 and close
   * @param maxConnectionsPerIp per client IP, else 503 and close; 0 for no bound but the total
   * @param requestTimeoutMillis from a request's first byte to its last, else 408 and close
   * @param handlerThreads threads that run handlers
   * @param idleTimeoutSeconds an idle connection is closed after this
   * @param nanoClock time source of the rate limiter (System::nanoTime; tests fix it)
   */
  public record Settings(
      String host,
      int port,
      int maxBodyBytes,
      int maxRequestsPerSecond,
      int maxOpenConnections,
      int maxConnectionsPerIp,
      long requestTimeoutMillis,
      int handlerThreads,
      int idleTimeoutSeconds,
      LongSupplier nanoClock) {

    public static final int DEFAULT_HANDLER_THREADS = 4;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

    public Settings {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      if (maxBodyBytes < 1 || maxRequestsPerSecond < 1 || maxOpenConnections < 1
          || handlerThreads < 1 || idleTimeoutSeconds < 1) {
        throw new IllegalArgumentException("RPC limits must be >= 1");
      }
      if (maxConnectionsPerIp < 0 || requestTimeoutMillis < 1) {
        throw new IllegalArgumentException(
            "maxConnectionsPerIp must be >= 0 and requestTimeoutMillis >= 1");
      }
    }

    /** The settings of config.toml's {@code [rpc]} section. */
    public static Settings from(NodeConfig.RpcSection rpc) {
      HostPort address = HostPort.parse(rpc.laddr);
      return new Settings(
          address.host(),
          address.port(),
          rpc.maxBodyBytes,
          rpc.maxRequestsPerSecond,
          rpc.maxOpenConnections,
          rpc.maxConnectionsPerIp,
          rpc.requestTimeoutMs,
          DEFAULT_HANDLER_THREADS,
          DEFAULT_IDLE_TIMEOUT_SECONDS,
          System::nanoTime);
    }

    public Settings withNanoClock(LongSupplier clock) {
      return new Settings(host, port, maxBodyBytes, maxRequestsPerSecond, maxOpenConnections,
          maxConnectionsPerIp, requestTimeoutMillis, handlerThreads, idleTimeoutSeconds, clock);
    }
  }

  private final Settings settings;
  private final RpcRoutes routes;
  private EventLoopGroup acceptor;
  private EventLoopGroup network;
  private ThreadPoolExecutor handlers;
  private ChannelGroup channels;
  private InetSocketAddress bound;

  public RpcServer(Settings settings, RpcRoutes routes) {
    this.settings = settings;
    this.routes = routes;
  }

  /**
   * Binds and starts serving; returns the bound address. {@link IllegalStateException} with the
   * address and the reason when it cannot listen (e.g. the port is taken).
   */
  public synchronized InetSocketAddress start() {
    if (bound != null) {
      throw new IllegalStateException("RPC server already started on " + bound);
    }
    acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rpc-accept", true),
        NioIoHandler.newFactory());
    network = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rpc-io", true),
        NioIoHandler.newFactory());
    // one request per connection is in the pool at a time, so the queue never needs to hold
    // more than the open connections
    handlers =
        new ThreadPoolExecutor(
            settings.handlerThreads(),
            settings.handlerThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.maxOpenConnections()),
            new DefaultThreadFactory("rpc-handler", true));
    channels = new DefaultChannelGroup("rpc", GlobalEventExecutor.INSTANCE);
    RateLimiter rateLimiter =
        new RateLimiter(settings.maxRequestsPerSecond(), settings.nanoClock());
    ConnectionLimiter connectionLimiter =
        new ConnectionLimiter(settings.maxOpenConnections(), settings.maxConnectionsPerIp());
    HttpDecoderConfig decoderConfig =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_LINE_BYTES)
            .setMaxHeaderSize(MAX_HEADER_BYTES);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, network)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    RequestDeadline deadline = new RequestDeadline(settings.requestTimeoutMillis());
                    ch.pipeline()
                        .addLast("limit", connectionLimiter)
                        .addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeoutSeconds()))
                        .addLast("deadline", deadline.bytes())
                        .addLast("http", new HttpServerCodec(decoderConfig))
                        .addLast("request-read", deadline.ends())
                        .addLast("body", new BodyLimit(settings.maxBodyBytes()))
                        .addLast("request-refused", deadline.ends())
                        .addLast("rpc", new RequestHandler(routes, rateLimiter, handlers));
                  }
                });
    try {
      Channel server = bootstrap.bind(settings.host(), settings.port()).sync().channel();
      channels.add(server);
      bound = (InetSocketAddress) server.localAddress();
    } catch (Exception e) {
      shutdown();
      throw new IllegalStateException(
          "cannot listen for RPC on " + new HostPort(settings.host(), settings.port()) + ": "
              + e.getMessage(), e);
    }
    log.info("RPC listening on {}", new HostPort(bound.getHostString(), bound.getPort()));
    return bound;
  }

  /** The bound port (after {@link #start}). */
  public synchronized int port() {
    if (bound == null) {
      throw new IllegalStateException("RPC server not started");
    }
    return bound.getPort();
  }

  /** Stops listening, closes every connection and stops the threads. */
  @Override
  public synchronized void close() {
    if (acceptor == null) {
      return;
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown();
    bound = null;
  }

  private void shutdown() {
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    network.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdownNow();
    acceptor = null;
    network = null;
  }
}
