package io.cybergraph.node.cli;

import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.rpc.RpcEndpoint;
import io.cybergraph.node.rpc.RpcHandler;
import io.cybergraph.node.rpc.RpcRequest;
import io.cybergraph.node.rpc.RpcRoutes;
import io.cybergraph.node.rpc.RpcServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real RPC server with test handlers that record every request (method, path, parameters,
 * body): what the CLI sends is checked against the framework the node runs, not a fake.
 */
final class CaptureServer implements AutoCloseable {

  record Captured(String method, String path, Map<String, String> params, byte[] body) {}

  final List<Captured> requests = new CopyOnWriteArrayList<>();
  private final RpcRoutes routes = new RpcRoutes();
  private RpcServer server;

  /** Every endpoint answers {@code answer(request)} after recording the request. */
  CaptureServer handleAll(RpcHandler answer) {
    for (RpcEndpoint endpoint : RpcEndpoint.values()) {
      handle(endpoint, answer);
    }
    return this;
  }

  CaptureServer handle(RpcEndpoint endpoint, RpcHandler answer) {
    routes.register(endpoint, request -> {
      record(request);
      return answer.handle(request);
    });
    return this;
  }

  private void record(RpcRequest request) {
    requests.add(new Captured(request.method(), request.path(), request.params(), request.body()));
  }

  CaptureServer start() {
    NodeConfig.RpcSection rpc = new NodeConfig.RpcSection();
    rpc.laddr = "127.0.0.1:0";
    server = new RpcServer(RpcServer.Settings.from(rpc), routes);
    server.start();
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  int port() {
    return server.port();
  }

  Captured last() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() {
    server.close();
  }
}
