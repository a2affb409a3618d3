package io.cybergraph.node.app;

import io.cybergraph.node.config.ChainGenesis;

/**
 * The consensus parameters the application applies, taken from a validated genesis.
 *
 * @param chainId every tx must name it
 * @param budgetLinks T: network bandwidth budget (links per window)
 * @param windowBlocks W: blocks over which an account's bandwidth refills from empty to full
 * @param totalSupply S: sum of all balances; constant, since no message mints or burns
 * @param maxTxLinks links one tx may carry
 * @param maxBlockLinks links one block may carry
 * @param maxBlockBytes sum of the tx byte lengths one block may carry
 * @param maxMemoBytes UTF-8 bytes one tx's memo may carry
 */
public record ChainRules(
    String chainId,
    long budgetLinks,
    long windowBlocks,
    long totalSupply,
    int maxTxLinks,
    int maxBlockLinks,
    long maxBlockBytes,
    int maxMemoBytes) {

  public ChainRules {
    if (chainId == null || chainId.isEmpty()) {
      throw new IllegalArgumentException("chain id must not be empty");
    }
    if (budgetLinks < 1 || windowBlocks < 1 || totalSupply < 0) {
      throw new IllegalArgumentException(
          "bandwidth parameters out of range: T=" + budgetLinks + " W=" + windowBlocks
              + " S=" + totalSupply);
    }
    if (maxTxLinks < 1 || maxBlockLinks < maxTxLinks || maxBlockBytes < 1 || maxMemoBytes < 0) {
      throw new IllegalArgumentException(
          "block limits out of range: max_tx_links=" + maxTxLinks + " max_links=" + maxBlockLinks
              + " max_bytes=" + maxBlockBytes + " max_memo_bytes=" + maxMemoBytes);
    }
  }

  /** The rules of a validated genesis. */
  public static ChainRules of(ChainGenesis genesis) {
    return new ChainRules(
        genesis.chainId(),
        genesis.file().bandwidth.budgetLinks,
        genesis.file().bandwidth.windowBlocks,
        genesis.totalSupply(),
        genesis.file().block.maxTxLinks,
        genesis.file().block.maxLinks,
        genesis.file().block.maxBytes,
        genesis.file().block.maxMemoBytes == null
            ? Integer.MAX_VALUE // absent: no limit (a chain made before the rule)
            : genesis.file().block.maxMemoBytes);
  }
}
