package io.cybergraph.node.rpc;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing table: path to route (methods, accepted query parameters, handler). The node
 * registers one handler per endpoint before or after the server starts; a path is registered
 * once.
 */
public final class RpcRoutes {

  /** One route; {@code params} are the query parameters it accepts. */
  public record Route(String path, Set<String> methods, List<String> params, RpcHandler handler) {
    public Route {
      Objects.requireNonNull(handler, "handler");
      methods = Set.copyOf(methods);
      params = List.copyOf(params);
    }
  }

  private static final Set<String> KNOWN_METHODS = Set.of("GET", "POST");

  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

  /** Registers the handler of a contract endpoint. */
  public RpcRoutes register(RpcEndpoint endpoint, RpcHandler handler) {
    return register(endpoint.path(), endpoint.methods(), endpoint.params(), handler);
  }

  /**
   * Registers a route outside the contract enum (tests, experiments). {@code methods} are
   * {@code GET} and/or {@code POST}.
   */
  public RpcRoutes register(
      String path, Set<String> methods, List<String> params, RpcHandler handler) {
    if (path == null || !path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
    if (methods.isEmpty() || !KNOWN_METHODS.containsAll(methods)) {
      throw new IllegalArgumentException("methods must be GET and/or POST, got " + methods);
    }
    Route route = new Route(path, methods, params, handler);
    if (routes.putIfAbsent(path, route) != null) {
      throw new IllegalStateException("route " + path + " is already registered");
    }
    return this;
  }

  /** The route of {@code path}, or null. */
  public Route find(String path) {
    return routes.get(path);
  }

  /** The registered paths, sorted. */
  public List<String> paths() {
    return List.copyOf(new TreeSet<>(routes.keySet()));
  }
}
