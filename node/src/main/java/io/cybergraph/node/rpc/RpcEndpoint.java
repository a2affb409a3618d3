package io.cybergraph.node.rpc;

import java.util.List;
import java.util.Set;

/**
 * Every endpoint of the RPC contract ({@code docs/rpc.md}): its path, the HTTP methods it
 * answers and the query parameters it accepts. A request with another parameter is refused with
 * 400 {@code unknown_parameter}; another method with 405. Handlers are registered per endpoint
 * with {@link RpcRoutes#register(RpcEndpoint, RpcHandler)}.
 */
public enum RpcEndpoint {
  HEALTH("/health", Methods.GET),
  STATUS("/status", Methods.GET),
  GENESIS("/genesis", Methods.GET),
  BLOCK("/block", Methods.GET, "height"),
  BLOCKCHAIN("/blockchain", Methods.GET, "min", "max"),
  COMMIT("/commit", Methods.GET, "height"),
  TX("/tx", Methods.GET, "hash", "prove"),
  BROADCAST_TX_SYNC("/broadcast_tx_sync", Methods.GET_POST, "tx"),
  BROADCAST_TX_COMMIT("/broadcast_tx_commit", Methods.GET_POST, "tx"),
  NUM_UNCONFIRMED_TXS("/num_unconfirmed_txs", Methods.GET),
  ACCOUNT("/account", Methods.GET, "address"),
  LINKS(
      "/links",
      Methods.GET,
      "neuron",
      "particle",
      "direction",
      "from_height",
      "to_height",
      "limit",
      "next"),
  LINK("/link", Methods.GET, "from", "to", "limit", "next"),
  RANK_PARTICLE("/rank/particle", Methods.GET, "cid", "height"),
  RANK_TOP("/rank/top", Methods.GET, "limit", "next"),
  RANK_SEARCH("/rank/search", Methods.GET, "cid", "order", "limit", "next"),
  RANK_BACKLINKS("/rank/backlinks", Methods.GET, "cid", "limit", "next"),
  RANK_EXPLAIN("/rank/explain", Methods.GET, "cid", "top"),
  RANK_CONTEXT("/rank/context", Methods.GET, "cid", "top"),
  KARMA("/karma", Methods.GET, "neuron"),
  RANK_PARAMS("/rank/params", Methods.GET),
  GRAPH_STATS("/graph/stats", Methods.GET),
  BANDWIDTH("/bandwidth", Methods.GET, "neuron"),
  NET_INFO("/net_info", Methods.GET),
  VALIDATORS("/validators", Methods.GET, "height"),
  CONSENSUS_STATE("/consensus_state", Methods.GET),
  EVIDENCE("/evidence", Methods.GET, "height", "status", "limit", "next");

  private final String path;
  private final Set<String> methods;
  private final List<String> params;

  RpcEndpoint(String path, Set<String> methods, String... params) {
    this.path = path;
    this.methods = methods;
    this.params = List.of(params);
  }

  /** The path, e.g. {@code /rank/particle}. */
  public String path() {
    return path;
  }

  /** {@code GET}, or {@code GET} and {@code POST} for the broadcast endpoints. */
  public Set<String> methods() {
    return methods;
  }

  /** The accepted query parameters in documentation order. */
  public List<String> params() {
    return params;
  }

  private static final class Methods {
    static final Set<String> GET = Set.of("GET");
    static final Set<String> GET_POST = Set.of("GET", "POST");
  }
}
