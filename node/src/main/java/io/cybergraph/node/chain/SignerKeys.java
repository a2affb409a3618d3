package io.cybergraph.node.chain;

import com.google.protobuf.ByteString;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.LinkRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys of accounts that signed committed txs (the store keeps accounts by address
 * only): learned from every committed block, and for a neuron that linked before this node
 * started, read from the tx of its first link.
 */
public final class SignerKeys implements CommitListener {
  private static final int LIMIT = 1_000_000;

  private final ChainStore store;
  private final Map<ByteKey, byte[]> keys = new ConcurrentHashMap<>();

  public SignerKeys(ChainStore store) {
    this.store = store;
  }

  @Override
  public void committed(BlockCommitted event) {
    for (ByteString tx : event.block().getData().getTxsList()) {
      byte[] publicKey = TxCodec.decode(tx.toByteArray()).publicKey();
      remember(ByteKey.of(Address.fromPublicKey(publicKey)), publicKey);
    }
  }

  private void remember(ByteKey address, byte[] publicKey) {
    if (keys.size() < LIMIT) {
      keys.put(address, publicKey);
    }
  }

  /** The account's public key, if it signed a committed tx this node can find. */
  public Optional<byte[]> of(byte[] address) {
    ByteKey key = ByteKey.of(address);
    byte[] known = keys.get(key);
    if (known != null) {
      return Optional.of(known.clone());
    }
    List<LinkRecord> first = store.queries().byNeuron(address, 1, Long.MAX_VALUE, -1, 1);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    return store.txs().txBytes(first.get(0).txHash()).map(raw -> {
      byte[] publicKey = TxCodec.decode(raw).publicKey();
      remember(key, publicKey);
      return publicKey.clone();
    });
  }
}
