package io.cybergraph.node.evidence;

/**
 * Why evidence was refused. {@link #peerFault} says whether a peer that gossiped it broke the
 * protocol (it must have verified the evidence itself, and the check needs nothing a peer may
 * legitimately not have seen yet) or merely knows a different chain moment (too old, already
 * committed, a height this node has not reached).
 */
public enum Rejection {
  /** Not a duplicate-vote evidence, a vote missing, unknown fields, bad sizes. */
  MALFORMED(true),
  /** A vote type other than prevote or precommit. */
  BAD_VOTE_TYPE(true),
  /** The votes differ in validator, height, round or type. */
  NOT_SAME_VOTE_SLOT(true),
  /** Both votes name the same block id: no conflict. */
  SAME_BLOCK_ID(true),
  /** vote_a's block-id key is not below vote_b's. */
  NOT_CANONICAL_ORDER(true),
  /** The address is not in the validator set of that height, or the index does not match. */
  UNKNOWN_VALIDATOR(true),
  /** A signature does not verify with the validator's public key. */
  BAD_SIGNATURE(true),
  /** The height is not below the height it is checked for (or the set is unknown). */
  UNKNOWN_HEIGHT(false),
  /** Older than {@code evidence.max_age_blocks}. */
  TOO_OLD(false),
  /** Evidence with this equivocation key is already committed. */
  ALREADY_COMMITTED(false),
  /** The same equivocation key twice in one block, or a block with too many items. */
  BAD_BLOCK_EVIDENCE(true);

  private final boolean peerFault;

  Rejection(boolean peerFault) {
    this.peerFault = peerFault;
  }

  public boolean peerFault() {
    return peerFault;
  }
}
