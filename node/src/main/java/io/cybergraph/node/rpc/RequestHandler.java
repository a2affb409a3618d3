package io.cybergraph.node.rpc;

import io.cybergraph.proto.Texts;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: checks them on the network thread (decoding, rate, route, method,
 * parameters), runs the handler on the handler pool, and writes answers in request order. A
 * connection has at most one request in the pool; later (pipelined) ones wait in a small queue
 * while reading is paused, so a client cannot flood the pool through one connection.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  /** A request as read off the wire, copied out of Netty buffers. */
  private record Incoming(
      String method, String uri, byte[] body, boolean keepAlive, DecoderResult decoded) {}

  private final RpcRoutes routes;
  private final RateLimiter rateLimiter;
  private final Executor handlers;
  /**
   * Unanswered requests one connection may have (the one in the handler pool and those waiting
   * behind it); the next is answered {@code 503 too_many_pipelined_requests} and the connection
   * closed. Below Netty's codec limit (128), which would drop the connection without an answer.
   */
  static final int MAX_PIPELINED = 64;

  private final ArrayDeque<Incoming> waiting = new ArrayDeque<>();
  private boolean busy;
  /** Set once a request was refused for {@link #MAX_PIPELINED}: nothing after it is read. */
  private boolean pipelineFull;

  RequestHandler(RpcRoutes routes, RateLimiter rateLimiter, Executor handlers) {
    this.routes = routes;
    this.rateLimiter = rateLimiter;
    this.handlers = handlers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (pipelineFull) {
      return; // past the refused one: the connection closes after its 503
    }
    if (waiting.size() + (busy ? 1 : 0) >= MAX_PIPELINED) {
      refuseFromHere(ctx, request);
      return;
    }
    waiting.add(
        new Incoming(
            request.method().name(),
            request.uri(),
            ByteBufUtil.getBytes(request.content()),
            HttpUtil.isKeepAlive(request),
            request.decoderResult()));
    ctx.channel().config().setAutoRead(false);
    if (!busy) {
      next(ctx);
    }
  }

  /**
   * The request after {@link #MAX_PIPELINED} unanswered ones: answered 503 in its turn, and the
   * connection closes after that. Netty's codec drops a connection past 128 unanswered requests
   * without a word, and it decodes every request already read even while reading is paused; so
   * decoding stops here, and what the client sent after this request is never parsed.
   */
  private void refuseFromHere(ChannelHandlerContext ctx, FullHttpRequest request) {
    pipelineFull = true;
    HttpServerCodec codec = ctx.pipeline().get(HttpServerCodec.class);
    if (codec != null) {
      codec.removeInboundHandler(); // its answers still go out through the codec's encoder
    }
    RpcException refusal =
        new RpcException(
            503,
            "too_many_pipelined_requests",
            "more than " + MAX_PIPELINED + " requests sent ahead of their answers on one"
                + " connection: this one and those after it were not read; send them again");
    waiting.add(
        new Incoming(request.method().name(), request.uri(), new byte[0], false,
            DecoderResult.failure(refusal)));
    ctx.channel().config().setAutoRead(false);
    if (!busy) {
      next(ctx);
    }
  }

  /** Starts the next waiting request, or resumes reading when none is left. */
  private void next(ChannelHandlerContext ctx) {
    Incoming incoming = waiting.poll();
    if (incoming == null) {
      busy = false;
      ctx.channel().config().setAutoRead(true);
      return;
    }
    busy = true;
    if (incoming.decoded().isFailure()) {
      Throwable cause = incoming.decoded().cause();
      if (cause instanceof RpcException refused) {
        // refused before routing (BodyLimit skips the body; the pipelining limit asks to close):
        // the connection goes on if the request was kept alive
        write(ctx, RpcResponse.error(refused), incoming.keepAlive());
      } else {
        write(ctx, decodingFailure(cause), false);
      }
      return;
    }
    InetAddress client = clientOf(ctx);
    if (!rateLimiter.tryAcquire(client)) {
      write(
          ctx,
          RpcResponse.error(
                  429,
                  "rate_limited",
                  "too many requests from " + client.getHostAddress()
                      + " (rpc.max_requests_per_second)")
              .withHeader("retry-after", "1"),
          incoming.keepAlive());
      return;
    }
    Dispatch dispatch;
    try {
      dispatch = route(incoming, client);
    } catch (RpcException e) {
      write(ctx, RpcResponse.error(e), incoming.keepAlive());
      return;
    } catch (RuntimeException bug) {
      // answered and closed: thrown out of here, it would leave the connection busy for good
      // (no answer, reading paused, its slot never given back)
      log.error("RPC request {} {} failed before its handler", incoming.method(),
          RpcRequest.oneLine(incoming.uri()), bug);
      write(ctx, RpcResponse.error(500, "internal", "internal error (see the node's log)"), false);
      return;
    }
    if (dispatch.answer() != null) {
      write(ctx, dispatch.answer(), incoming.keepAlive());
      return;
    }
    try {
      handlers.execute(() -> run(ctx, dispatch.route(), dispatch.request(), incoming.keepAlive()));
    } catch (RejectedExecutionException e) {
      write(
          ctx,
          RpcResponse.error(503, "overloaded", "the node is busy; retry later"),
          incoming.keepAlive());
    }
  }

  /** A request that passed the checks (route and request), or an answer known already. */
  private record Dispatch(RpcRoutes.Route route, RpcRequest request, RpcResponse answer) {}

  private Dispatch route(Incoming incoming, InetAddress client) {
    Map<String, List<String>> raw;
    String path = RequestPath.of(incoming.uri()); // as sent: routing never sees decoded escapes
    try {
      raw = new QueryStringDecoder(RequestPath.escapeHighBytes(incoming.uri())).parameters();
    } catch (IllegalArgumentException e) {
      throw new RpcException(400, "bad_request", "malformed URL: " + RpcRequest.oneLine(e.getMessage()));
    }
    if (path.equals("/") && incoming.method().equals("GET")) {
      return new Dispatch(null, null, RpcResponse.ok(RpcJson.write(Map.of("endpoints", routes.paths()))));
    }
    RpcRoutes.Route route = routes.find(path);
    if (route == null) {
      throw RpcException.notFound(
          "not_found", "no endpoint " + Texts.quote(path) + " (GET / lists the endpoints)");
    }
    if (!route.methods().contains(incoming.method())) {
      List<String> allowed = List.copyOf(new TreeSet<>(route.methods()));
      RpcResponse answer =
          RpcResponse.error(
                  405,
                  "method_not_allowed",
                  path + " answers " + String.join(" and ", allowed) + ", not "
                      + Texts.quote(incoming.method()))
              .withHeader("allow", String.join(", ", allowed));
      return new Dispatch(null, null, answer);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(raw).entrySet()) {
      String name = e.getKey();
      if (!route.params().contains(name)) {
        throw new RpcException(
            400,
            "unknown_parameter",
            Texts.quote(name) + " is not a parameter of " + path
                + (route.params().isEmpty()
                    ? " (it takes none)"
                    : " (accepted: " + String.join(", ", route.params()) + ")"));
      }
      if (e.getValue().size() != 1) {
        throw RpcException.badParameter(name, "given " + e.getValue().size() + " times");
      }
      params.put(name, e.getValue().get(0));
    }
    return new Dispatch(
        route, RpcRequest.of(incoming.method(), path, params, incoming.body(), client), null);
  }

  /** On the handler pool: run the handler and hand the answer back to the network thread. */
  private void run(
      ChannelHandlerContext ctx, RpcRoutes.Route route, RpcRequest request, boolean keepAlive) {
    Object result;
    try {
      result = route.handler().handle(request);
    } catch (Throwable t) {
      writeLater(ctx, failure(request, t), keepAlive);
      return;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete(
          (value, error) ->
              writeLater(
                  ctx, error != null ? failure(request, error) : success(request, value), keepAlive));
    } else {
      writeLater(ctx, success(request, result), keepAlive);
    }
  }

  private static RpcResponse success(RpcRequest request, Object value) {
    try {
      return RpcResponse.ok(RpcJson.write(value));
    } catch (RuntimeException e) {
      return failure(request, e);
    }
  }

  private static RpcResponse failure(RpcRequest request, Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RpcException e) {
      return RpcResponse.error(e);
    }
    log.error("RPC {} failed", request, cause);
    return RpcResponse.error(500, "internal", "internal error (see the node's log)");
  }

  private void writeLater(ChannelHandlerContext ctx, RpcResponse response, boolean keepAlive) {
    try {
      ctx.channel().eventLoop().execute(() -> write(ctx, response, keepAlive));
    } catch (RejectedExecutionException e) {
      log.debug("RPC answer dropped: the server is shutting down");
    }
  }

  /** On the network thread: write one answer, then close or go on with the next request. */
  private void write(ChannelHandlerContext ctx, RpcResponse response, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      waiting.clear();
      return;
    }
    ctx.writeAndFlush(response.toHttp(keepAlive))
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    waiting.clear();
                    f.channel().close();
                  } else if (!keepAlive) {
                    waiting.clear();
                    LingeringClose.start(f.channel()); // the client may still be sending
                  } else {
                    next(ctx);
                  }
                });
  }

  private static RpcResponse decodingFailure(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return RpcResponse.error(414, "uri_too_long", "request line too long: use POST for large transactions");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return RpcResponse.error(431, "headers_too_large", "request headers too large");
    }
    return RpcResponse.error(
        400, "bad_request", "malformed HTTP request: " + RpcRequest.oneLine(String.valueOf(cause.getMessage())));
  }

  private static InetAddress clientOf(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent && !busy) {
      ctx.close(); // an idle keep-alive connection gives its slot back
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("RPC connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
