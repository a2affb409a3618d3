package io.cybergraph.node.rpc.handlers;

/**
 * What {@code /status} says about this node besides the chain.
 *
 * @param id node ID (40 hex characters)
 * @param moniker the node's name
 * @param version the software version
 * @param listenAddr the p2p listen address from config.toml
 * @param rpcAddress the address RPC is served on
 */
public record NodeInfo(String id, String moniker, String version, String listenAddr,
    String rpcAddress) {}
