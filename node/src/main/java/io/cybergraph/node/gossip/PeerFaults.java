package io.cybergraph.node.gossip;

import io.cybergraph.node.app.tx.RefusalCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which refusals of a gossiped tx show that the peer broke the protocol: the peer ran the same
 * checks before it relayed the tx, and these checks need no state, so an honest peer never
 * relays such a tx. The other refusals (sequence, bandwidth, stake, duplicates, a full mempool,
 * a tx already seen, a larger tx than our own limit) depend on what each node has seen and are
 * not misbehaviour.
 */
final class PeerFaults {
  private static final Set<RefusalCode> FAULTS = EnumSet.of(
      RefusalCode.MALFORMED,
      RefusalCode.UNKNOWN_FIELDS,
      RefusalCode.NON_CANONICAL_RAW,
      RefusalCode.NON_CANONICAL_BODY,
      RefusalCode.BAD_PUBLIC_KEY,
      RefusalCode.BAD_SIGNATURE_LENGTH,
      RefusalCode.BAD_SIGNATURE,
      RefusalCode.EMPTY_TX,
      RefusalCode.UNKNOWN_MESSAGE,
      RefusalCode.WRONG_CHAIN_ID,
      RefusalCode.TOO_MANY_LINKS,
      RefusalCode.EMPTY_CYBERLINK,
      RefusalCode.INVALID_CID,
      RefusalCode.SELF_LINK,
      RefusalCode.DUPLICATE_LINK_IN_TX,
      RefusalCode.BAD_RECIPIENT,
      RefusalCode.ZERO_AMOUNT);

  private PeerFaults() {}

  static boolean isFault(RefusalCode code) {
    return FAULTS.contains(code);
  }
}
