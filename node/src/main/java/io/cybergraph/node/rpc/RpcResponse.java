package io.cybergraph.node.rpc;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** An answer ready to write: status, JSON body and extra headers (Allow, Retry-After). */
record RpcResponse(int status, byte[] body, Map<String, String> headers) {

  static RpcResponse ok(byte[] json) {
    return new RpcResponse(200, json, Map.of());
  }

  static RpcResponse error(RpcException e) {
    return new RpcResponse(
        e.status(), RpcJson.error(e.code(), e.getMessage(), e.details()), Map.of());
  }

  static RpcResponse error(int status, String code, String message) {
    return new RpcResponse(status, RpcJson.error(code, message), Map.of());
  }

  RpcResponse withHeader(String name, String value) {
    java.util.HashMap<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new RpcResponse(status, body, Map.copyOf(more));
  }

  FullHttpResponse toHttp(boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    headers.forEach((name, value) -> response.headers().set(name, value));
    return response;
  }
}
