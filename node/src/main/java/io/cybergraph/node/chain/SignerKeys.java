package io.cybergraph.node.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.store.ChainStore;
import io.cybergraph.store.LinkRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys of accounts that signed committed txs (the store keeps accounts by address
 * only): learned from every committed block, and for a neuron that linked before this node
 * started, read from the tx of its first link.
 *
 * <p>A committed block's txs all passed every check, so only their {@code public_key} field is
 * read (not a full decode of each tx with its links), and a key already known is not hashed
 * into its address again: after the first block of an account this costs a few field skips
 * per tx.
 */
public final class SignerKeys implements CommitListener {
  private static final int LIMIT = 1_000_000;

  private final ChainStore store;
  private final Map<ByteKey, byte[]> keys = new ConcurrentHashMap<>();
  private final Set<ByteKey> knownPublicKeys = ConcurrentHashMap.newKeySet();

  public SignerKeys(ChainStore store) {
    this.store = store;
  }

  @Override
  public void committed(BlockCommitted event) {
    for (ByteString tx : event.block().getData().getTxsList()) {
      byte[] publicKey = publicKeyOf(tx);
      if (publicKey != null && !knownPublicKeys.contains(ByteKey.of(publicKey))) {
        remember(ByteKey.of(Address.fromPublicKey(publicKey)), publicKey);
      }
    }
  }

  /** TxRaw.body_bytes (field 1) → TxBody.public_key (field 2); null if absent. */
  static byte[] publicKeyOf(ByteString txRaw) {
    try {
      ByteString body = field(txRaw.newCodedInput(), 1);
      ByteString key = body == null ? null : field(body.newCodedInput(), 2);
      return key == null ? null : key.toByteArray();
    } catch (IOException e) {
      return null; // committed txs decode; nothing to learn from one that does not
    }
  }

  /** The last value of a length-delimited field (protobuf: the last one wins). */
  private static ByteString field(CodedInputStream in, int number) throws IOException {
    ByteString value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (number << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        value = in.readBytes();
      } else {
        in.skipField(tag);
      }
    }
    return value;
  }

  private void remember(ByteKey address, byte[] publicKey) {
    if (keys.size() < LIMIT) {
      keys.put(address, publicKey);
      knownPublicKeys.add(ByteKey.of(publicKey));
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
