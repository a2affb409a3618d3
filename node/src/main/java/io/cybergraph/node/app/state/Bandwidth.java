package io.cybergraph.node.app.state;

import java.math.BigInteger;

/**
 * The bandwidth rule (design "Stake and bandwidth"), in exact integer arithmetic.
 *
 * <ul>
 *   <li>capacity: {@code cap(k) = ⌊T · s(k) / S⌋}, s(k) the account's current balance
 *   <li>available at height h: {@code min(cap, avail_last + ⌊cap · (h − h_last) / W⌋)}
 * </ul>
 *
 * T · s needs up to 102 bits (T < 2^40, s ≤ S < 2^62), so products are taken in 128 bits.
 */
public final class Bandwidth {
  private final long budgetLinks;
  private final long windowBlocks;
  private final long totalSupply;

  /**
   * @param budgetLinks T ≥ 1
   * @param windowBlocks W ≥ 1
   * @param totalSupply S ≥ 0 (with S = 0 every capacity is 0)
   */
  public Bandwidth(long budgetLinks, long windowBlocks, long totalSupply) {
    if (budgetLinks < 1 || windowBlocks < 1 || totalSupply < 0) {
      throw new IllegalArgumentException(
          "T=" + budgetLinks + " W=" + windowBlocks + " S=" + totalSupply + " out of range");
    }
    this.budgetLinks = budgetLinks;
    this.windowBlocks = windowBlocks;
    this.totalSupply = totalSupply;
  }

  /** {@code ⌊T · balance / S⌋}; 0 when S is 0. */
  public long capacity(long balance) {
    if (balance < 0 || balance > totalSupply) {
      throw new IllegalArgumentException("balance " + balance + " outside 0.." + totalSupply);
    }
    return totalSupply == 0 ? 0 : mulDiv(budgetLinks, balance, totalSupply);
  }

  /** What {@code account} may spend at {@code height}, under its current balance. */
  public long available(Account account, long height) {
    long cap = capacity(account.balance());
    long elapsed = height - account.bandwidthHeight();
    if (elapsed <= 0) {
      return Math.min(cap, account.bandwidthAvailable());
    }
    // after a whole window the account is full whatever it had; this also bounds the product
    long refill = elapsed >= windowBlocks ? cap : mulDiv(cap, elapsed, windowBlocks);
    // avail_last ≤ 2^62 and refill ≤ cap < 2^40: the sum cannot overflow
    return Math.min(cap, account.bandwidthAvailable() + refill);
  }

  /**
   * The account with its bandwidth settled at {@code height}: available as of that height,
   * counted from it. Done before a charge and before a balance change, so the old balance
   * governs the refill up to the change and the new one after it.
   */
  public Account settle(Account account, long height) {
    long available = available(account, height);
    return account.withBandwidth(available, Math.max(height, account.bandwidthHeight()));
  }

  /** ⌊a · b / c⌋ for a, b ≥ 0 and c > 0 whose quotient fits in a long. */
  static long mulDiv(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low / c;
    }
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }

  public long budgetLinks() {
    return budgetLinks;
  }

  public long windowBlocks() {
    return windowBlocks;
  }

  public long totalSupply() {
    return totalSupply;
  }
}
