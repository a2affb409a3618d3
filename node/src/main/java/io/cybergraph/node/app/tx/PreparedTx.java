package io.cybergraph.node.app.tx;

import io.cybergraph.node.app.ByteKey;
import java.util.List;

/**
 * A transaction that passed every check that needs no state (encoding, signature, chain id,
 * limits, CIDs, recipients), with what execution needs already parsed. Immutable; do not modify
 * {@link #raw()}.
 *
 * @param raw the TxRaw bytes as received
 * @param hash SHA-256(raw)
 * @param signer the signer's 20-byte address
 * @param signerText the signer's bech32 address (the neuron id in the rank engine)
 * @param sequence the body's sequence (unsigned 64-bit)
 * @param operations the messages' effects in order: one {@link LinkOp} per link, one {@link
 *     SendOp} per Send
 * @param linkCount links in the tx
 * @param cost bandwidth the tx costs: 1 per link plus 1 per other message
 */
public record PreparedTx(
    byte[] raw,
    ByteKey hash,
    ByteKey signer,
    String signerText,
    long sequence,
    List<Operation> operations,
    int linkCount,
    long cost) {

  public PreparedTx {
    operations = List.copyOf(operations);
  }

  /** One effect of a message. */
  public sealed interface Operation permits LinkOp, SendOp {}

  /** A link between two particles, each by canonical key and the text the tx wrote. */
  public record LinkOp(ByteKey fromKey, String fromText, ByteKey toKey, String toText)
      implements Operation {}

  /** A transfer of {@code amount} (unsigned 64-bit, non-zero) to a 20-byte address. */
  public record SendOp(ByteKey to, long amount) implements Operation {}

  /** Bytes on the wire. */
  public int size() {
    return raw.length;
  }
}
