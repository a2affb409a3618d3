package io.cybergraph.node.app.state;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.proto.codec.AppHash;
import io.cybergraph.proto.crypto.Address;
import java.nio.ByteBuffer;

/**
 * One account's state: its balance (which is its stake), the sequence its next tx must carry,
 * and its bandwidth state (what was available right after its last settlement, and at which
 * height). Immutable; changes make new instances.
 *
 * <p>The stored form ({@link #encode()}) is the account leaf of the accounts tree: address (20)
 * ‖ be64 balance ‖ be64 sequence ‖ be64 bandwidth available ‖ be64 bandwidth height.
 *
 * @param address the 20-byte address
 * @param balance stake, 0 ≤ balance < 2^62
 * @param sequence the sequence the next tx of this account must carry (unsigned 64-bit)
 * @param bandwidthAvailable available bandwidth right after the last settlement
 * @param bandwidthHeight the height of the last settlement
 */
public record Account(
    ByteKey address, long balance, long sequence, long bandwidthAvailable, long bandwidthHeight) {

  public Account {
    if (address.length() != Address.LENGTH) {
      throw new IllegalArgumentException("address must be 20 bytes, got " + address.length());
    }
    if (balance < 0 || bandwidthAvailable < 0 || bandwidthHeight < 0) {
      throw new IllegalArgumentException(
          "negative account field: balance " + balance + ", bandwidth " + bandwidthAvailable
              + " at " + bandwidthHeight);
    }
  }

  /** The account leaf, also the stored form. */
  public byte[] encode() {
    return AppHash.accountLeaf(
        address.bytes(), balance, sequence, bandwidthAvailable, bandwidthHeight);
  }

  /** Reads {@link #encode()}; {@link IllegalArgumentException} if the bytes are not an account. */
  public static Account decode(byte[] bytes) {
    if (bytes == null || bytes.length != AppHash.ACCOUNT_LEAF_LENGTH) {
      throw new IllegalArgumentException(
          "an account is " + AppHash.ACCOUNT_LEAF_LENGTH + " bytes, got "
              + (bytes == null ? "null" : bytes.length));
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte[] address = new byte[Address.LENGTH];
    in.get(address);
    return new Account(ByteKey.of(address), in.getLong(), in.getLong(), in.getLong(), in.getLong());
  }

  /** The bech32 address ({@code cyber1...}): the neuron id used by the rank engine. */
  public String bech32() {
    return Address.toBech32(address.bytes());
  }

  public Account withBalance(long newBalance) {
    return new Account(address, newBalance, sequence, bandwidthAvailable, bandwidthHeight);
  }

  public Account withBandwidth(long available, long height) {
    return new Account(address, balance, sequence, available, height);
  }

  /** The sequence after one more tx (unsigned: wraps only after 2^64 txs). */
  public Account withNextSequence() {
    return new Account(address, balance, sequence + 1, bandwidthAvailable, bandwidthHeight);
  }

  @Override
  public String toString() {
    return "Account[" + bech32() + " balance=" + balance + " sequence="
        + Long.toUnsignedString(sequence) + " bandwidth=" + bandwidthAvailable + "@"
        + bandwidthHeight + "]";
  }
}
