package io.cybergraph.node.sync;

import io.cybergraph.store.ChainStore;
import java.util.Optional;

/** Serves the blocks and commits of the node's {@link ChainStore}. */
public final class StoreBlockSource implements BlockSource {
  private final ChainStore store;

  public StoreBlockSource(ChainStore store) {
    this.store = store;
  }

  @Override
  public long height() {
    return store.latestHeight();
  }

  @Override
  public Optional<byte[]> block(long height) {
    return store.blocks().block(height);
  }

  @Override
  public Optional<byte[]> commit(long height) {
    return store.commits().at(height);
  }
}
