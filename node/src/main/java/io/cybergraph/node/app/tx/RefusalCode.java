package io.cybergraph.node.app.tx;

/**
 * Why a transaction is refused (at mempool admission or in a block), one code per cause. The
 * names are stable: clients and the RPC show them. See docs/application.md.
 */
public enum RefusalCode {
  // --- encoding (io.cybergraph.proto.codec.TxCodec) ---
  /** The bytes are not a TxRaw, or body_bytes is not a TxBody. */
  MALFORMED,
  /** TxRaw or TxBody carries fields this protocol version does not know. */
  UNKNOWN_FIELDS,
  /** TxRaw bytes differ from the deterministic encoding of what they decode to. */
  NON_CANONICAL_RAW,
  /** body_bytes differ from the deterministic encoding of the body (no malleability). */
  NON_CANONICAL_BODY,
  /** public_key is not 32 bytes. */
  BAD_PUBLIC_KEY,
  /** signature is not 64 bytes. */
  BAD_SIGNATURE_LENGTH,
  /** The Ed25519 signature does not verify over body_bytes. */
  BAD_SIGNATURE,
  /** The body has no messages. */
  EMPTY_TX,
  /** A message has no known kind (neither cyberlink nor send). */
  UNKNOWN_MESSAGE,

  // --- the tx alone (no state needed) ---
  /** chain_id is not this chain's. */
  WRONG_CHAIN_ID,
  /** The memo is longer than block.max_memo_bytes (UTF-8 bytes). */
  MEMO_TOO_LONG,
  /** The tx carries more links than block.max_tx_links. */
  TOO_MANY_LINKS,
  /** A Cyberlink message has no links. */
  EMPTY_CYBERLINK,
  /** A link end is not an accepted CID. */
  INVALID_CID,
  /** A link's from and to name the same particle. */
  SELF_LINK,
  /** The same link (same particles) appears twice in the tx. */
  DUPLICATE_LINK_IN_TX,
  /** A Send's recipient is not a 20-byte address. */
  BAD_RECIPIENT,
  /** A Send's amount is 0. */
  ZERO_AMOUNT,

  // --- against the state ---
  /** The signer has no balance (unknown account or balance 0): no stake, no bandwidth. */
  ZERO_STAKE,
  /** The tx's sequence is not the account's next one (after txs already pending). */
  SEQUENCE_MISMATCH,
  /** The tx costs more bandwidth than the account has available. */
  NOT_ENOUGH_BANDWIDTH,
  /** The signer already made this link (on chain, earlier in the block, or pending). */
  DUPLICATE_LINK,
  /** A Send moves more than the signer's balance. */
  INSUFFICIENT_BALANCE,

  // --- mempool admission only ---
  /** The tx is larger than mempool.max_tx_bytes. */
  TX_TOO_LARGE,
  /** The mempool holds mempool.max_txs txs, or the tx would take it past mempool.max_bytes. */
  MEMPOOL_FULL,
  /** The same tx (same hash) is already pending. */
  ALREADY_IN_MEMPOOL,
  /** The same tx was seen recently (committed, or admitted before): a replay. */
  ALREADY_SEEN,

  // --- block limits (a block exceeding them is invalid; a proposer leaves the tx for later) ---
  /** The block's links would exceed block.max_links. */
  BLOCK_TOO_MANY_LINKS,
  /** The block's tx bytes would exceed block.max_bytes. */
  BLOCK_TOO_MANY_BYTES
}
