package io.cybergraph.p2p;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What two nodes must share to talk: the chain id and the hash of the genesis file. Peers whose
 * handshake carries anything else are refused.
 */
public final class ChainIdentity {

  private final String chainId;
  private final byte[] genesisHash;

  public ChainIdentity(String chainId, byte[] genesisHash) {
    if (chainId == null || chainId.isBlank()) {
      throw new IllegalArgumentException("chain id must not be empty");
    }
    if (genesisHash == null || genesisHash.length == 0) {
      throw new IllegalArgumentException("genesis hash must not be empty");
    }
    this.chainId = chainId;
    this.genesisHash = genesisHash.clone();
  }

  public String chainId() {
    return chainId;
  }

  public byte[] genesisHash() {
    return genesisHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainIdentity other
        && chainId.equals(other.chainId)
        && Arrays.equals(genesisHash, other.genesisHash);
  }

  @Override
  public int hashCode() {
    return chainId.hashCode() * 31 + Arrays.hashCode(genesisHash);
  }

  @Override
  public String toString() {
    return chainId + "/" + HexFormat.of().formatHex(genesisHash);
  }
}
