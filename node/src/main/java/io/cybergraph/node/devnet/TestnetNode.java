package io.cybergraph.node.devnet;

/**
 * One node of a testnet: its home folder's name, its role and where it listens.
 *
 * @param index position in the testnet (validators first, then full nodes)
 * @param folder the home's folder name inside the testnet's output folder ({@code node<i>})
 * @param moniker the node's name in config.toml and, for a validator, in genesis
 * @param validator true for a validator, false for a full node (no validator key)
 * @param p2pLaddr p2p listen address (config {@code p2p.laddr})
 * @param rpcLaddr RPC listen address (config {@code rpc.laddr})
 * @param metricsLaddr metrics listen address (config {@code metrics.laddr})
 * @param externalAddress where the other nodes dial this one (config {@code
 *     p2p.external_address}, and the address part of its persistent-peer entries)
 */
public record TestnetNode(
    int index,
    String folder,
    String moniker,
    boolean validator,
    String p2pLaddr,
    String rpcLaddr,
    String metricsLaddr,
    String externalAddress) {

  /** The home folder name of node {@code index}. */
  public static String folderName(int index) {
    return "node" + index;
  }
}
