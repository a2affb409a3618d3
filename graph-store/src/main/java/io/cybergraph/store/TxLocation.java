package io.cybergraph.store;

/** Where a transaction was committed: block height and its index in the block's tx list. */
public record TxLocation(long height, int index) {}
