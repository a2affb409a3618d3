package io.cybergraph.proto.codec;

import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.crypto.Hashes;
import io.cybergraph.proto.merkle.Merkle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The application hash after a block: SHA-256(links_root ‖ accounts_root ‖ results_hash), and the
 * leaf encodings of its trees, shared by the node (which computes it) and the store (which keeps
 * the links frontier and serves proofs). All integers are big-endian.
 *
 * <ul>
 *   <li>link leaf: neuron (20) ‖ u16 len(from) ‖ from key ‖ u16 len(to) ‖ to key ‖ be64 height,
 *       keys being particle keys (binary CIDv1, {@code Cid.key()}), appended in execution order
 *       to an RFC 6962 log whose root is links_root
 *   <li>account leaf: address (20) ‖ be64 balance ‖ be64 sequence ‖ be64 bandwidth available ‖
 *       be64 bandwidth last height; accounts_root is the RFC 6962 root of all accounts sorted by
 *       address (unsigned bytewise)
 *   <li>results_hash: RFC 6962 root over the block's 32-byte tx hashes in block order
 * </ul>
 */
public final class AppHash {

  /** Length of an account leaf. */
  public static final int ACCOUNT_LEAF_LENGTH = Address.LENGTH + 4 * 8;

  private AppHash() {}

  /** The links-log leaf of one link. */
  public static byte[] linkLeaf(byte[] neuron, byte[] fromKey, byte[] toKey, long height) {
    Address.requireAddress(neuron);
    requireKey(fromKey, "from");
    requireKey(toKey, "to");
    requireNonNegative(height, "height");
    return ByteBuffer.allocate(Address.LENGTH + 2 + fromKey.length + 2 + toKey.length + 8)
        .put(neuron)
        .putShort((short) fromKey.length)
        .put(fromKey)
        .putShort((short) toKey.length)
        .put(toKey)
        .putLong(height)
        .array();
  }

  /** The accounts-tree leaf of one account. Sequence is written as an unsigned 64-bit value. */
  public static byte[] accountLeaf(
      byte[] address,
      long balance,
      long sequence,
      long bandwidthAvailable,
      long bandwidthLastHeight) {
    Address.requireAddress(address);
    requireNonNegative(balance, "balance");
    requireNonNegative(bandwidthAvailable, "bandwidth available");
    requireNonNegative(bandwidthLastHeight, "bandwidth last height");
    return ByteBuffer.allocate(ACCOUNT_LEAF_LENGTH)
        .put(address)
        .putLong(balance)
        .putLong(sequence)
        .putLong(bandwidthAvailable)
        .putLong(bandwidthLastHeight)
        .array();
  }

  /** accounts_root over account leaves, which must be in strictly ascending address order. */
  public static byte[] accountsRoot(List<byte[]> sortedAccountLeaves) {
    for (int i = 1; i < sortedAccountLeaves.size(); i++) {
      byte[] previous = sortedAccountLeaves.get(i - 1);
      byte[] current = sortedAccountLeaves.get(i);
      if (Arrays.compareUnsigned(previous, 0, Address.LENGTH, current, 0, Address.LENGTH) >= 0) {
        throw new IllegalArgumentException(
            "account leaves must be sorted by address without duplicates (at " + i + ")");
      }
    }
    return Merkle.root(sortedAccountLeaves);
  }

  /** results_hash over the block's tx hashes in block order. */
  public static byte[] resultsHash(List<byte[]> txHashes) {
    return Merkle.root(txHashes);
  }

  /** SHA-256(links_root ‖ accounts_root ‖ results_hash). */
  public static byte[] appHash(byte[] linksRoot, byte[] accountsRoot, byte[] resultsHash) {
    requireHash(linksRoot, "links_root");
    requireHash(accountsRoot, "accounts_root");
    requireHash(resultsHash, "results_hash");
    return Hashes.sha256(linksRoot, accountsRoot, resultsHash);
  }

  private static void requireKey(byte[] key, String what) {
    if (key == null || key.length == 0 || key.length > 0xffff) {
      throw new IllegalArgumentException(what + " key must be 1..65535 bytes");
    }
  }

  private static void requireHash(byte[] hash, String what) {
    if (hash == null || hash.length != Hashes.SHA256_LENGTH) {
      throw new IllegalArgumentException(what + " must be 32 bytes");
    }
  }

  private static void requireNonNegative(long value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
  }
}
