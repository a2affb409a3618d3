package io.cybergraph.node.rpc;

import java.util.Map;

/** {@code GET /health}: 200 {@code {"status": "ok"}} while the node serves RPC. */
public final class HealthHandler implements RpcHandler {
  private static final Map<String, String> OK = Map.of("status", "ok");

  @Override
  public Object handle(RpcRequest request) {
    return OK;
  }
}
