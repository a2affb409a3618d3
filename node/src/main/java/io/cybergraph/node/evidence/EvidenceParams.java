package io.cybergraph.node.evidence;

/**
 * Genesis {@code evidence} parameters (agreed by every node).
 *
 * @param maxAgeBlocks evidence of height e is accepted in a block at height h while h − e ≤
 *     this
 * @param maxPerBlock at most this many evidence items in one block
 */
public record EvidenceParams(long maxAgeBlocks, int maxPerBlock) {
  public static final long DEFAULT_MAX_AGE_BLOCKS = 100_000;
  public static final int DEFAULT_MAX_PER_BLOCK = 50;

  public EvidenceParams {
    if (maxAgeBlocks < 1) {
      throw new IllegalArgumentException("evidence.max_age_blocks must be >= 1, got " + maxAgeBlocks);
    }
    if (maxPerBlock < 0) {
      throw new IllegalArgumentException("evidence.max_per_block must be >= 0, got " + maxPerBlock);
    }
  }

  public static EvidenceParams defaults() {
    return new EvidenceParams(DEFAULT_MAX_AGE_BLOCKS, DEFAULT_MAX_PER_BLOCK);
  }
}
